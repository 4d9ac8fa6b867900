#!/usr/bin/env bash
# Packs the four packages and checks them as a consuming team meets them:
#   1. contents, metadata and dependencies of every package (the dependency list below is the contract: change it
#      only on purpose), and reproducible PDBs with Source Link;
#   2. fresh apps outside the repository, on net8.0 (pinning Microsoft.Extensions.* 8.0.x) and on net10.0, restore
#      all four packages from a local feed and build with zero warnings, doing only what the docs say:
#        - App:           the getting-started page's install step and its code blocks, as one Program.cs;
#        - ConsumerTests: an xunit v3 project with the files of eng/consumer/ConsumerTests (a custom store passing the
#                         conformance kit, the SQLite and PostgreSQL packages at work). Further consumer checks are
#                         new files there, one concern a file.
# Several minutes on 2 cores, most of it restoring and building the four consumer projects (17 minutes measured for
# the consumers alone on a shared machine at load 30; roughly 5-8 minutes expected on an idle one).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

version=$(sed -n 's:.*<VersionPrefix>\(.*\)</VersionPrefix>.*:\1:p' Directory.Build.props)
packages="OpdTokens.Allocation OpdTokens.Allocation.Testing OpdTokens.Allocation.Sqlite OpdTokens.Allocation.PostgreSql"
out=artifacts/packages
rm -rf "$out"
step() { printf -- '--- %s\n' "$*"; }
inspect() { dotnet run --file eng/PackageContents.cs -- "$@"; }

step "Pack $version (package validation against the 0.1.0 baseline runs here)"
for id in $packages; do
  dotnet pack "src/$id/$id.csproj" -c Release -o "$out" -warnaserror >/dev/null \
    || { dotnet pack "src/$id/$id.csproj" -c Release -o "$out" -warnaserror; exit 1; }
done

# PDB paths are /_/... whether or not CI=true (DeterministicSourcePaths in src/Directory.Build.props): run this script
# without CI=true to see it.
step "Contents, metadata and PDBs"
for id in $packages; do
  pkg="$out/$id.$version.nupkg"
  [ -f "$pkg" ] || { echo "missing $pkg" >&2; exit 1; }
  [ -f "$out/$id.$version.snupkg" ] || { echo "missing the symbols package of $id" >&2; exit 1; }
  inspect entries "$pkg" PACKAGE.md icon.png \
    "lib/net8.0/$id.dll" "lib/net8.0/$id.xml" "lib/net10.0/$id.dll" "lib/net10.0/$id.xml"
  # Every package readme links the documentation site.
  unzip_readme=$(cd "$root" && grep -c 'https://' "src/$id/PACKAGE.md" || true)
  [ "$unzip_readme" -gt 0 ] || { echo "src/$id/PACKAGE.md links no documentation" >&2; exit 1; }
  inspect pdbs "$out/$id.$version.snupkg" "$root"
done

step "Dependencies: only what the code uses, the lowest Microsoft.Extensions.* per target"
expected=$(cat <<'DEPS'
OpdTokens.Allocation dependency net8.0 Microsoft.Extensions.DependencyInjection.Abstractions 8.0.2
OpdTokens.Allocation dependency net8.0 Microsoft.Extensions.Options 8.0.2
OpdTokens.Allocation dependency net8.0 Microsoft.Extensions.Hosting.Abstractions 8.0.1
OpdTokens.Allocation dependency net8.0 Microsoft.Extensions.Logging.Abstractions 8.0.3
OpdTokens.Allocation dependency net10.0 Microsoft.Extensions.DependencyInjection.Abstractions 10.0.14
OpdTokens.Allocation dependency net10.0 Microsoft.Extensions.Options 10.0.14
OpdTokens.Allocation dependency net10.0 Microsoft.Extensions.Hosting.Abstractions 10.0.14
OpdTokens.Allocation dependency net10.0 Microsoft.Extensions.Logging.Abstractions 10.0.14
OpdTokens.Allocation.Testing dependency net8.0 OpdTokens.Allocation VERSION
OpdTokens.Allocation.Testing dependency net10.0 OpdTokens.Allocation VERSION
OpdTokens.Allocation.Sqlite dependency net8.0 OpdTokens.Allocation VERSION
OpdTokens.Allocation.Sqlite dependency net8.0 Microsoft.Data.Sqlite 8.0.34
OpdTokens.Allocation.Sqlite dependency net8.0 Microsoft.Extensions.Hosting.Abstractions 8.0.1
OpdTokens.Allocation.Sqlite dependency net8.0 Microsoft.Extensions.Logging.Abstractions 8.0.3
OpdTokens.Allocation.Sqlite dependency net10.0 OpdTokens.Allocation VERSION
OpdTokens.Allocation.Sqlite dependency net10.0 Microsoft.Data.Sqlite 10.0.14
OpdTokens.Allocation.Sqlite dependency net10.0 Microsoft.Extensions.Hosting.Abstractions 10.0.14
OpdTokens.Allocation.Sqlite dependency net10.0 Microsoft.Extensions.Logging.Abstractions 10.0.14
OpdTokens.Allocation.PostgreSql dependency net8.0 OpdTokens.Allocation VERSION
OpdTokens.Allocation.PostgreSql dependency net8.0 Npgsql 9.0.3
OpdTokens.Allocation.PostgreSql dependency net8.0 Microsoft.Extensions.Hosting.Abstractions 8.0.1
OpdTokens.Allocation.PostgreSql dependency net8.0 Microsoft.Extensions.Logging.Abstractions 8.0.3
OpdTokens.Allocation.PostgreSql dependency net10.0 OpdTokens.Allocation VERSION
OpdTokens.Allocation.PostgreSql dependency net10.0 Npgsql 10.0.0
OpdTokens.Allocation.PostgreSql dependency net10.0 Microsoft.Extensions.Hosting.Abstractions 10.0.14
OpdTokens.Allocation.PostgreSql dependency net10.0 Microsoft.Extensions.Logging.Abstractions 10.0.14
DEPS
)
metadata="license MIT
icon icon.png
readme PACKAGE.md
projectUrl https://github.com/opdtokens/OpdTokens.Allocation
repository git https://github.com/opdtokens/OpdTokens.Allocation
commit yes"
actual=""
for id in $packages; do
  nuspec=$(inspect nuspec "$out/$id.$version.nupkg")
  diff <(echo "$metadata") <(grep -v '^dependency ' <<<"$nuspec") >&2 || { echo "$id: metadata differs" >&2; exit 1; }
  actual+=$(grep '^dependency ' <<<"$nuspec" | sed "s/^/$id /")$'\n'
done
diff <(sed "s/VERSION/$version/" <<<"$expected" | sort) <(sed '/^$/d' <<<"$actual" | sort) >&2 \
  || { echo "package dependencies differ from the expected list above (< expected, > packed)" >&2; exit 1; }

step "Fresh consumers outside the repository"
work=$(mktemp -d)
feed=$(cd "$out" && pwd)
cache=$(dotnet nuget locals global-packages --list | sed 's/^global-packages: //')
forget() { for id in $packages; do rm -rf "$cache/${id,,}/$version"; done; }
cleanup() { forget; rm -rf "$work"; }
trap cleanup EXIT
# Packages of this version packed earlier may sit in the machine's cache: take the ones just packed.
forget
cat >"$work/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <!-- The packed packages; the machine's usual feed stays configured for everything else. -->
    <add key="local" value="$feed" />
  </packageSources>
</configuration>
XML

# The page's install step, package by package, at the versions of this check.
install_step() { sed -n '/^```bash$/,/^```$/p' docs/articles/getting-started.md | sed -n 's/^dotnet add package \([^ ]*\)$/\1/p'; }
# The page's code blocks, in order: together they are Program.cs.
page_code() { awk '/^```csharp$/ { code = 1; next } /^```$/ { code = 0 } code' docs/articles/getting-started.md; }

consume() {
  local tfm=$1 container=$2 extensions=$3 dir="$work/$1"
  mkdir -p "$dir"
  version_of() {
    case $1 in
      OpdTokens.*) echo "$version" ;;
      Microsoft.Extensions.DependencyInjection) echo "$container" ;;
      *) echo "$extensions" ;;
    esac
  }
  # Apps built for net8.0 run on the newest runtime of the machine (only .NET 10 may be installed).
  export DOTNET_ROLL_FORWARD=Major

  step "$tfm: getting started, as the page says"
  # The SDK's console template targets its own .NET; an app on an older one changes the target framework.
  (cd "$dir" && dotnet new console -n App >/dev/null)
  sed -i "s|<TargetFramework>[^<]*</TargetFramework>|<TargetFramework>$tfm</TargetFramework>|" "$dir/App/App.csproj"
  for package in $(install_step); do
    dotnet add "$dir/App" package "$package" --version "$(version_of "$package")" --no-restore >/dev/null
  done
  # A net8 app that pins Microsoft.Extensions.Options 8.0.x, as many do, gets no downgrade error (NU1605).
  dotnet add "$dir/App" package Microsoft.Extensions.Options --version "$extensions" --no-restore >/dev/null
  page_code >"$dir/App/Program.cs"
  dotnet build "$dir/App" -c Release -warnaserror -p:TreatWarningsAsErrors=true -nologo -v q
  local output
  output=$(dotnet run --project "$dir/App" -c Release --no-build)
  echo "$output"
  grep -qE '^DOCD1-[0-9]{8}-0001 in S-D1-[0-9]{8}-1 \(Allocated\)' <<<"$output"
  grep -qE '^1\. DOCD1-[0-9]{8}-0001 ~09:00 Online$' <<<"$output"
  grep -qE '^2\. DOCD1-[0-9]{8}-0002 ~09:06 WalkIn$' <<<"$output"
  grep -qE ': Completed$' <<<"$output"
  grep -qx 'InvalidTransition' <<<"$output"

  step "$tfm: a custom store and the store packages under xunit v3"
  mkdir -p "$dir/ConsumerTests"
  cat >"$dir/ConsumerTests/ConsumerTests.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>$tfm</TargetFramework>
    <OutputType>Exe</OutputType>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
  </PropertyGroup>
</Project>
XML
  for package in OpdTokens.Allocation.Testing OpdTokens.Allocation.Sqlite OpdTokens.Allocation.PostgreSql \
    Microsoft.Extensions.DependencyInjection; do
    dotnet add "$dir/ConsumerTests" package "$package" --version "$(version_of "$package")" --no-restore >/dev/null
  done
  dotnet add "$dir/ConsumerTests" package xunit.v3 --version 4.0.3 --no-restore >/dev/null
  cp eng/consumer/ConsumerTests/*.cs "$dir/ConsumerTests/"
  dotnet build "$dir/ConsumerTests" -c Release -warnaserror -nologo -v q
  # xunit v3 projects are programs; a run that finds no test exits non-zero.
  output=$(dotnet run --project "$dir/ConsumerTests" -c Release --no-build 2>&1) || { echo "$output"; return 1; }
  echo "$output" | tail -n 3
  # The kit's checks (at least 14), the kit's count check and the two store package tests, none failed.
  local total
  total=$(sed -nE 's/.*Total: ([0-9]+), Errors: 0, Failed: 0,.*/\1/p' <<<"$output")
  [ "${total:-0}" -ge 17 ] || { echo "$tfm: the consumer's tests did not all run and pass" >&2; return 1; }
}

# TARGET, the DI container's version, the version of the other Microsoft.Extensions.* packages the app pins.
consume net8.0 8.0.1 8.0.2
consume net10.0 10.0.14 10.0.14
echo "packages OK: $(cd "$out" && ls | tr '\n' ' ')"
