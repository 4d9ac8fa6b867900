#!/usr/bin/env bash
# Operator-style fault and load checks of the API sample as a real process on loopback, bounded in time (about
# 2-4 minutes on two cores): 200 concurrent requests into one slot, a malformed-input sweep, ten SIGKILLs of the SQLite
# host under load, and PostgreSQL stopped and restarted mid-load. Each prints its figures as "FIGURE ..." lines;
# docs/articles/reliability.md records them. Needs PostgreSQL's initdb/pg_ctl (installed from Debian when missing).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! compgen -G "/usr/lib/postgresql/*/bin/pg_ctl" >/dev/null && ! command -v pg_ctl >/dev/null; then
    bash eng/postgres.sh --install >/dev/null
fi

mkdir -p artifacts
status=0
timeout 900 dotnet test tests/OpdTokens.Samples.Api.FaultTests -c Release --logger "console;verbosity=detailed" \
    >artifacts/fault-tests.log 2>&1 || status=$?
grep -E "FIGURE|\[FAIL\]|Error Message|Total tests|Passed:|Failed:" artifacts/fault-tests.log || true
if [ "$status" -ne 0 ]; then
    echo "Fault tests failed (exit $status); the whole log is artifacts/fault-tests.log." >&2
    tail -n 60 artifacts/fault-tests.log >&2
fi
exit "$status"
