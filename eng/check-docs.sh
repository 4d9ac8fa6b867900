#!/usr/bin/env bash
# Checks docs/ without DocFX (which the feed lacks): code includes point at files and regions that exist, relative
# links, anchors, xrefs and toc hrefs resolve, every page is reachable, and the README sample is the compiled one.
# The snippets themselves are built (warnings as errors) and run by the solution's build and test steps.
set -euo pipefail
cd "$(dirname "$0")/.."

dotnet run --file eng/CheckDocs.cs -- "$PWD"
