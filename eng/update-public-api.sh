#!/usr/bin/env bash
# Regenerates PublicAPI.Unshipped.txt of every package from the code, against PublicAPI.Shipped.txt (the API of the
# last release): new public symbols are listed as they are, symbols that are gone as *REMOVED* lines.
# Then it regenerates each package's CompatibilitySuppressions.xml: the breaks against the last released package
# (eng/package-baseline) that package validation accepts. Review the diff of src/*/PublicAPI.Unshipped.txt and
# src/*/CompatibilitySuppressions.xml: it is the public API change of your branch, and every break in it needs a
# CHANGELOG line saying what to do instead. CI fails (RS0016, RS0017; CP0001...) until the files match the code.
#   bash eng/update-public-api.sh                        # every package, after changing public API
#   bash eng/update-public-api.sh OpdTokens.Allocation   # one package
#   bash eng/update-public-api.sh --release              # at a release: Unshipped moves into Shipped
# The analyzer's code fix (dotnet format analyzers, diagnostic RS0016) lists the current API; the rest is sorting and
# set arithmetic, so the result does not depend on the order the fix ran in. About 1-3 minutes a package on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."

release=false
if [ "${1:-}" = "--release" ]; then release=true; shift; fi
packages=("$@")
[ ${#packages[@]} -gt 0 ] || packages=(OpdTokens.Allocation OpdTokens.Allocation.Testing OpdTokens.Allocation.Sqlite OpdTokens.Allocation.PostgreSql)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
header='#nullable enable'
entries() { { grep -v "^$header\$" "$1" || true; } | LC_ALL=C sort -u; }

for id in "${packages[@]}"; do
  shipped="src/$id/PublicAPI.Shipped.txt" unshipped="src/$id/PublicAPI.Unshipped.txt"
  if $release; then
    echo "==> $id: Unshipped into Shipped"
    entries "$shipped" >"$tmp/shipped"
    grep '^\*REMOVED\*' "$unshipped" | sed 's/^\*REMOVED\*//' | LC_ALL=C sort -u >"$tmp/removed" || true
    { echo "$header"; { LC_ALL=C comm -23 "$tmp/shipped" "$tmp/removed"; entries "$unshipped" | grep -v '^\*REMOVED\*' || true; } | LC_ALL=C sort -u; } >"$shipped"
    echo "$header" >"$unshipped"
    continue
  fi

  echo "==> $id"
  entries "$shipped" >"$tmp/shipped"
  # With both files empty the code fix lists the whole current API in Unshipped.
  echo "$header" >"$shipped"
  echo "$header" >"$unshipped"
  dotnet format analyzers "src/$id/$id.csproj" --diagnostics RS0016 --severity info -v q || true
  entries "$unshipped" >"$tmp/current"
  { echo "$header"; cat "$tmp/shipped"; } >"$shipped"
  {
    echo "$header"
    {
      LC_ALL=C comm -13 "$tmp/shipped" "$tmp/current"
      LC_ALL=C comm -23 "$tmp/shipped" "$tmp/current" | sed 's/^/*REMOVED*/'
    } | LC_ALL=C sort
  } >"$unshipped"
  echo "    $(LC_ALL=C comm -13 "$tmp/shipped" "$tmp/current" | wc -l) added, $(LC_ALL=C comm -23 "$tmp/shipped" "$tmp/current" | wc -l) removed since the last release"
  rm -f "src/$id/CompatibilitySuppressions.xml"
  dotnet pack "src/$id/$id.csproj" -c Release -o "$tmp/packages" -p:ApiCompatGenerateSuppressionFile=true -v q -nologo
  echo "    $(grep -c '<Suppression>' "src/$id/CompatibilitySuppressions.xml" 2>/dev/null || echo 0) accepted breaks in src/$id/CompatibilitySuppressions.xml"
done
