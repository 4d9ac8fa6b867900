#!/usr/bin/env bash
# Load benchmark of the stores through HTTP: starts the API sample (samples/OpdTokens.Samples.Api) on 127.0.0.1 on
# each store, drives allocations (POST /api/v1/tokens) with the closed-loop load generator
# (benchmarks/OpdTokens.Allocation.LoadGenerator) at 1, 8 and 64 clients for a bounded time each, and prints
# allocations/s, average, p50, p95, p99 and the idle share of the machine's CPU per store and client count; then two
# API processes on one PostgreSQL database, the clients split over different doctors, against one process with as
# many clients.
#
#   bash eng/load-test.sh                    the full run: 10 s per case (about 5 minutes on a quiet machine)
#   bash eng/load-test.sh --smoke            a few seconds per case, few doctors (under a minute; CI runs it at 8 clients)
#   options: --duration SECONDS  --clients 1,8,64  --stores inmemory,sqlite,postgres  --no-two-instances
#            --api-root DIR (build the sample of another checkout, e.g. a worktree of an older commit, to compare)
#
# Durability is on: SQLite files live under TMPDIR (/tmp unless set: put it on the disk to measure) with the store's
# synchronous = FULL, and PostgreSQL is a throw-away cluster from eng/postgres.sh with OPDTOKENS_POSTGRES_DURABLE=1
# (fsync, synchronous_commit, full_page_writes on). The host runs in Development (demo keys) with the rate limit
# raised to 1,000,000 per second and logging at Warning (the audit trail otherwise logs every event). The generator
# refuses any address but loopback; everything is stopped at the end.
#
# Latencies come from the generator, not wrk: on this machine kind wrk's reported means were up to three times what
# its own throughput allows for its connection count (Little's law), while the generator's agree with it and with
# the host's own request-duration histogram (docs/benchmarks.md, "Stores under HTTP load").
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
api_root=$repo
duration=10
warmup=3
clients="1,8,64"
stores="inmemory,sqlite,postgres"
two_instances=1
doctors=64
slots_per_doctor=4
fresh_per_case=1
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) duration=2; warmup=1; doctors=8; slots_per_doctor=1; fresh_per_case=0 ;;
    --duration) duration=$2; shift ;;
    --clients) clients=$2; shift ;;
    --stores) stores=$2; shift ;;
    --no-two-instances) two_instances=0 ;;
    --api-root) api_root=$(cd "$2" && pwd); shift ;;
    *) sed -n '2,22p' "$0" >&2; exit 2 ;;
  esac
  shift
done

echo "load-test: building the API sample in $api_root (Release)" >&2
dotnet build "$api_root/samples/OpdTokens.Samples.Api" -c Release -v q -nologo >/dev/null
api_dll=$(ls "$api_root"/samples/OpdTokens.Samples.Api/bin/Release/net*/OpdTokens.Samples.Api.dll | head -n 1)
# The generator always comes from this checkout, so old and new code are measured by the same client.
dotnet build "$repo/benchmarks/OpdTokens.Allocation.LoadGenerator" -c Release -v q -nologo >/dev/null
generator_dll=$(ls "$repo"/benchmarks/OpdTokens.Allocation.LoadGenerator/bin/Release/net*/OpdTokens.Allocation.LoadGenerator.dll | head -n 1)

work=$(mktemp -d "${TMPDIR:-/tmp}/opdtokens-load.XXXXXX")
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

admin_key=DEMO-ONLY-admin-key-do-not-use-in-production
desk_key=DEMO-ONLY-desk-key-do-not-use-in-production
date=$(TZ=Asia/Kolkata date -d tomorrow +%F)

free_port() {
  local port
  while :; do
    # Below Linux's ephemeral range (32768 up), where the generator's own client sockets could hold the port.
    port=$((20000 + RANDOM % 12000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
}

# start_api NAME STORE CONNECTION_STRING: starts the host in the background; sets $api_url.
start_api() {
  local name=$1 store=$2 connection=$3 port
  port=$(free_port)
  (
    cd "$(dirname "$api_dll")"
    ASPNETCORE_ENVIRONMENT=Development DOTNET_NOLOGO=1 \
      Logging__LogLevel__Default=Warning \
      Security__RateLimit__PermitLimit=1000000 Security__RateLimit__WindowSeconds=1 \
      Demo__Seed=false ConnectionStrings__OpdTokens="$connection" \
      exec dotnet "$api_dll" --store "$store" --urls "http://127.0.0.1:$port" >"$work/$name.log" 2>&1
  ) &
  pids+=($!)
  api_url="http://127.0.0.1:$port"
  for _ in $(seq 1 300); do
    curl -sf "$api_url/health" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  cat "$work/$name.log" >&2
  echo "load-test: the API ($name) did not start" >&2
  return 1
}

post() { # post URL PATH JSON
  local status
  status=$(curl -s -o "$work/last.json" -w '%{http_code}' -X POST "$1$2" -H "X-Api-Key: $admin_key" \
    -H 'Content-Type: application/json' -d "$3")
  case "$status" in 2??) ;; *) echo "load-test: POST $2 answered $status: $(cat "$work/last.json")" >&2; return 1 ;; esac
}

# seed URL: doctors L1..L<doctors>, each with slots of 1000 seats tomorrow from 08:00.
seed() {
  local url=$1 d s
  for d in $(seq 1 "$doctors"); do
    post "$url" /api/v1/doctors "{\"id\":\"L$d\",\"name\":\"Dr. Load $d\",\"specialty\":\"General\"}"
    for s in $(seq 0 $((slots_per_doctor - 1))); do
      post "$url" /api/v1/slots "$(printf '{"doctorId":"L%d","date":"%s","startTime":"%02d:00","endTime":"%02d:00","maxCapacity":1000}' \
        "$d" "$date" $((8 + s)) $((9 + s)))"
    done
  done
}

# drive URL LABEL CLIENTS FIRST_DOCTOR DOCTORS: a warm-up (JIT, connection pools; not counted), then the measured
# run; prints its RESULT line.
drive() {
  dotnet "$generator_dll" --url "$1" --key "$desk_key" --date "$date" --label "$2" --clients "$3" \
    --first-doctor "$4" --doctors "$5" --warmup "$warmup" --seconds "$duration" 2>>"$work/generator.log" | grep '^RESULT'
}

results=$work/results.txt
: >"$results"
postgres_ready=0
start_postgres() {
  if [ "$postgres_ready" = 0 ]; then
    # shellcheck source=postgres.sh
    OPDTOKENS_POSTGRES_DURABLE=1 source "$repo/eng/postgres.sh"
    trap 'cleanup; opd_pg_stop' EXIT
    postgres_ready=1
  fi
}

database=0
connection=""
new_database() { # new_database STORE: sets $connection to a new, empty database for one run
  database=$((database + 1))
  case "$1" in
    inmemory) connection="" ;;
    sqlite) connection="Data Source=$work/load-$database.db" ;;
    postgres)
      local psql=${OPD_PG_BIN:+$OPD_PG_BIN/}psql
      "$psql" "$(sed -E 's/Host=([^;]+);Port=([0-9]+);Username=([^;]+);Database=([^;]+)/host=\1 port=\2 user=\3 dbname=\4/' <<<"$OPDTOKENS_POSTGRES")" \
        -qc "CREATE DATABASE load_$database" >/dev/null
      connection="${OPDTOKENS_POSTGRES/Database=postgres/Database=load_$database}" ;;
  esac
}

IFS=, read -ra store_list <<<"$stores"
IFS=, read -ra client_list <<<"$clients"
echo "load-test: $duration s per case, ${client_list[*]} clients, $doctors doctors x $slots_per_doctor slots of 1000 seats on $date" >&2
for store in "${store_list[@]}"; do
  [ "$store" != postgres ] || start_postgres
  for n in "${client_list[@]}"; do
    # A fresh host and database per case, so every case starts from the same empty day (the smoke pass keeps one
    # host per store).
    if [ "$fresh_per_case" = 1 ] || [ "$n" = "${client_list[0]}" ]; then
      new_database "$store"
      start_api "$store-$n" "$store" "$connection"
      seed "$api_url"
    fi
    drive "$api_url" "$store/$n" "$n" 1 "$doctors" | tee -a "$results"
    if [ "$fresh_per_case" = 1 ] || [ "$n" = "${client_list[-1]}" ]; then
      kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true
    fi
  done
done

if [ "$two_instances" = 1 ] && [[ ",$stores," == *",postgres,"* ]]; then
  n=${client_list[-1]}
  half=$(( n / 2 ))
  new_database postgres
  start_api two-a postgres "$connection"; url_a=$api_url
  start_api two-b postgres "$connection"; url_b=$api_url
  seed "$url_a"
  # Each instance's clients book their own half of the doctors.
  drive "$url_a" "postgres-2x/a" "$half" 1 $(( doctors / 2 )) >"$work/two-a.txt" &
  drive_a=$!
  drive "$url_b" "postgres-2x/b" "$half" $(( doctors / 2 + 1 )) $(( doctors / 2 )) >"$work/two-b.txt"
  wait "$drive_a"
  cat "$work/two-a.txt" "$work/two-b.txt" | tee -a "$results"
fi

echo
printf '%-14s %7s %10s %9s %9s %9s %9s %7s %7s\n' store clients "alloc/s" "avg ms" "p50 ms" "p95 ms" "p99 ms" errors "idle %"
awk '{ split($2, k, "/"); printf "%-14s %7s %10.0f %9.2f %9.2f %9.2f %9.2f %7d %7s\n", k[1], k[2], $4, $5, $6, $7, $8, $9, $10 }' "$results"
if grep -q 'postgres-2x' "$results"; then
  awk -v n="${client_list[-1]}" '
    $2 == "postgres/" n { one = $4 }
    $2 ~ /^postgres-2x/ { two += $4 }
    END { if (one > 0) printf "two instances on one PostgreSQL: %.0f alloc/s together, %.2fx one instance at %s clients (%.0f)\n", two, two / one, n, one }
  ' "$results"
fi
if awk '{ if ($9 > 0) bad = 1 } END { exit !bad }' "$results"; then
  echo "load-test: some requests failed (errors column)" >&2
  exit 1
fi
