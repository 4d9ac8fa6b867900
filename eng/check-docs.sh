#!/usr/bin/env bash
# Builds the documentation site with DocFX (pinned in dotnet-tools.json), warnings as errors: a broken link, anchor,
# xref, code include or toc entry fails the build, and the API reference covers the four packages. Then checks what
# DocFX does not (eng/CheckDocs.cs: README samples against compiled code, links of the Markdown outside the site,
# pages missing from the navigation). About a minute and a half on 2 cores once the solution is built.
set -euo pipefail
cd "$(dirname "$0")/.."

dotnet tool restore >/dev/null
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
(cd docs && dotnet docfx docfx.json --warningsAsErrors) >"$log" 2>&1 || status=$?
# DocFX reports some problems (unresolved metadata, a missing xref map) as warnings even with --warningsAsErrors:
# any warning fails the check.
warnings=$(grep -iE '(^|[^0-9])warning' "$log" | grep -vE '^\s*0 warning\(s\)\s*$' || true)
if [ "$status" -ne 0 ] || [ -n "$warnings" ]; then
  cat "$log" >&2
  echo "DocFX build failed (exit $status) or warned:" >&2
  echo "$warnings" >&2
  exit 1
fi
grep -E 'Build succeeded|error\(s\)' "$log" | head -n 3
echo "site OK: $(find docs/_site -name '*.html' | wc -l) pages in docs/_site"

dotnet run --file eng/CheckDocs.cs -- "$PWD"
