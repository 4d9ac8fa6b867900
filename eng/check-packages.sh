#!/usr/bin/env bash
# Packs the shipped libraries into artifacts/packages, checks what a consumer needs is inside, and compiles a
# throwaway console project outside the repository against the packed package from a local folder feed.
set -euo pipefail
cd "$(dirname "$0")/.."

out=artifacts/packages
rm -rf "$out"
version=0.1.0
packages="OpdTokens.Allocation OpdTokens.Allocation.Testing OpdTokens.Allocation.Sqlite OpdTokens.Allocation.PostgreSql"
for id in $packages; do
  dotnet pack "src/$id/$id.csproj" -c Release -o "$out" -p:ContinuousIntegrationBuild=true >/dev/null
done

# Every shipped package: both target frameworks, XML docs, the package readme, and a symbols package.
for id in $packages; do
  pkg="$out/$id.$version.nupkg"
  [ -f "$pkg" ] || { echo "missing $pkg" >&2; exit 1; }
  [ -f "$out/$id.$version.snupkg" ] || { echo "missing the symbols package of $id" >&2; exit 1; }
  # A .nupkg is a zip; the SDK's own file-based app reads it, so no unzip is needed on the machine.
  dotnet run --file eng/PackageContents.cs -- "$pkg" \
    PACKAGE.md \
    "lib/net8.0/$id.dll" "lib/net8.0/$id.xml" \
    "lib/net10.0/$id.dll" "lib/net10.0/$id.xml"
done
pkg="$out/OpdTokens.Allocation.$version.nupkg"

# A consumer outside the repository: restores from the local folder feed (plus the usual feed for dependencies).
consumer=$(mktemp -d)
trap 'rm -rf "$consumer"' EXIT
feed=$(cd "$out" && pwd)
cat >"$consumer/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="local" value="$feed" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
  </packageSources>
</configuration>
XML
cat >"$consumer/Consumer.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="OpdTokens.Allocation" Version="$version" />
    <PackageReference Include="Microsoft.Extensions.DependencyInjection" Version="10.0.14" />
  </ItemGroup>
</Project>
XML
cat >"$consumer/Program.cs" <<'CS'
using Microsoft.Extensions.DependencyInjection;
using OpdTokens.Allocation.Commands;
using OpdTokens.Allocation.Engine;
using OpdTokens.Allocation.Models;

var services = new ServiceCollection();
services.AddOpdTokenAllocation();
await using var provider = services.BuildServiceProvider();
var engine = provider.GetRequiredService<IAllocationEngine>();
var doctor = (await engine.RegisterDoctorAsync(new RegisterDoctor("Dr. Rao", "Cardiology"))).GetValueOrThrow();
var day = engine.Today.AddDays(1);
var slot = (await engine.AddSlotAsync(new AddSlot(doctor.Id, day, new(9, 0), new(10, 0), 10))).GetValueOrThrow().Slot;
var result = (await engine.AllocateAsync(new AllocateToken(doctor.Id, new Patient("Asha"), TokenSource.Online) { PreferredSlotId = slot.Id })).GetValueOrThrow();
Console.WriteLine($"{result.Token.Number} {result.Outcome}");
CS
(cd "$consumer" && dotnet run 2>&1 | tail -n 1) | grep -E '^DOC.+ Allocated$'
echo "packages OK: $(ls "$out" | tr '\n' ' ')"
