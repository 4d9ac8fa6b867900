#!/usr/bin/env bash
# Smoke pass of the benchmarks: runs every BenchmarkDotNet benchmark once with BenchmarkDotNet's dry job (one launch, one
# iteration, no warm-up), so the benchmarks always build and run. It measures nothing worth reading; it fails when a
# benchmark fails, a summary has critical validation errors, or the suite does not build.
# The store benchmarks' processes share one throw-away PostgreSQL server (eng/postgres.sh; the one OPDTOKENS_POSTGRES
# names when set) instead of each starting its own. The build timeout is raised from BenchmarkDotNet's 2 minutes, which
# a busy 2-core machine can exceed while building the generated project.
set -euo pipefail
cd "$(dirname "$0")/.."

artifacts=artifacts/benchmarks-smoke
rm -rf "$artifacts"
bash eng/postgres.sh dotnet run -c Release --project benchmarks/OpdTokens.Allocation.Benchmarks -- \
  --job dry --filter '*' --artifacts "$artifacts" --buildTimeout 900
# The HTTP load benchmark of the stores, a couple of seconds per store at 8 clients, so the script keeps working
# within CI's time (its own durable PostgreSQL server; the closed-loop load generator of benchmarks/ drives it). The
# full run, with 1 and 64 clients and two instances, is `bash eng/load-test.sh`.
bash eng/load-test.sh --smoke --clients 8 --no-two-instances
echo "benchmarks smoke pass OK"
