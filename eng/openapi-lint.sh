#!/usr/bin/env bash
# Lints the API sample's OpenAPI document with Redocly's recommended rules and Spectral's OpenAPI rules, failing on any
# error or warning (a warning accepted on purpose is switched off, with its reason, in eng/openapi/*.yaml).
# The linters are pinned in eng/openapi/package.json (and package-lock.json) and installed into eng/openapi/node_modules,
# never globally; Node.js comes from Debian when it is missing. The document is fetched from the built sample.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
configuration=${CONFIGURATION:-Release}
out=$root/artifacts/openapi
mkdir -p "$out"

if ! command -v npm >/dev/null 2>&1; then
    echo "Installing Node.js and npm from Debian's packages"
    apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null
fi

# npm ci starts from an empty node_modules; skip it when the installed tree is already the locked one.
if ! cmp -s eng/openapi/package-lock.json eng/openapi/node_modules/.package-lock.json.source 2>/dev/null; then
    (cd eng/openapi && npm ci --no-audit --no-fund --loglevel=error)
    cp eng/openapi/package-lock.json eng/openapi/node_modules/.package-lock.json.source
fi

dotnet build samples/OpdTokens.Samples.Api -c "$configuration" -warnaserror --nologo -v quiet >/dev/null
dll=samples/OpdTokens.Samples.Api/bin/$configuration/net10.0/OpdTokens.Samples.Api.dll

# The sample in Production with a throw-away admin key, on a port the server picks; stopped on exit.
log=$out/sample.log
ASPNETCORE_ENVIRONMENT=Production \
    Security__ApiKeys__0__Key="lint-admin-key-$RANDOM$RANDOM$RANDOM" Security__ApiKeys__0__Role=admin \
    Logging__Console__FormatterName=simple \
    dotnet "$dll" --urls http://127.0.0.1:0 --contentRoot "$root/samples/OpdTokens.Samples.Api" >"$log" 2>&1 &
sample=$!
trap 'kill "$sample" 2>/dev/null || true; wait "$sample" 2>/dev/null || true' EXIT
url=
for _ in $(seq 1 90); do
    url=$(grep -o 'Now listening on: http://[^ ]*' "$log" | head -1 | sed 's/Now listening on: //' || true)
    [ -n "$url" ] && break
    kill -0 "$sample" 2>/dev/null || { cat "$log"; exit 1; }
    sleep 0.5
done
[ -n "$url" ] || { echo "The sample did not start:"; cat "$log"; exit 1; }
curl -fsS "$url/openapi/v1.json" -o "$out/v1.json"
echo "Fetched $url/openapi/v1.json -> artifacts/openapi/v1.json"

bin=$root/eng/openapi/node_modules/.bin
echo "==> Redocly (recommended)"
# Redocly exits non-zero on errors only; warnings fail here too.
"$bin/redocly" lint "$out/v1.json" --config eng/openapi/redocly.yaml --max-problems 200 --format stylish \
    2>&1 | tee "$out/redocly.txt" | grep -v -E '^\s*[║╔╚]' || true
if grep -E '^\s+[0-9]+:[0-9]+\s+(error|warning)' "$out/redocly.txt" >/dev/null \
    || ! grep -q 'Your API description is valid' "$out/redocly.txt"; then
    echo "Redocly reported problems." >&2
    exit 1
fi

echo "==> Spectral (spectral:oas)"
"$bin/spectral" lint "$out/v1.json" --ruleset eng/openapi/.spectral.yaml --fail-severity warn
echo "OpenAPI lint passed."
