#!/usr/bin/env bash
# Regenerates the public API files of every package from the code: new public symbols are added to
# PublicAPI.Unshipped.txt (RS0016), symbols that are gone are removed or marked *REMOVED* (RS0017).
# Review the diff of src/*/PublicAPI.*.txt: it is the public API change of your commit.
#   bash eng/update-public-api.sh                     # every package
#   bash eng/update-public-api.sh OpdTokens.Allocation # one package
# About 1-3 minutes a package on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=("$@")
[ ${#packages[@]} -gt 0 ] || packages=(OpdTokens.Allocation OpdTokens.Allocation.Testing OpdTokens.Allocation.Sqlite OpdTokens.Allocation.PostgreSql)
for id in "${packages[@]}"; do
  echo "==> $id"
  dotnet format analyzers "src/$id/$id.csproj" --diagnostics RS0016 RS0017 --severity info -v q
  # The code fix leaves the files in whatever order it added lines; sort them so diffs stay small.
  for file in "src/$id/PublicAPI.Shipped.txt" "src/$id/PublicAPI.Unshipped.txt"; do
    { echo '#nullable enable'; { grep -v '^#nullable enable$' "$file" || true; } | LC_ALL=C sort -u; } >"$file.tmp"
    mv "$file.tmp" "$file"
  done
done
