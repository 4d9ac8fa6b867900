#!/usr/bin/env bash
# A throw-away PostgreSQL server for the store tests: a new cluster in a temporary folder, owned by an unprivileged
# user, listening on 127.0.0.1 on a free port, removed at the end (also on failure or Ctrl-C). No Docker.
#
#   bash eng/postgres.sh COMMAND [ARGS...]   runs COMMAND with OPDTOKENS_POSTGRES set, then removes the cluster
#   source eng/postgres.sh                   starts it in the current shell, exports OPDTOKENS_POSTGRES, and
#                                            removes it when that shell exits (it sets the shell's EXIT trap)
#   bash eng/postgres.sh --install           only makes sure initdb/pg_ctl exist (installing them if needed) and
#                                            prints their folder; the test fixtures call this on a fresh machine
#
# OPDTOKENS_POSTGRES is an Npgsql connection string (superuser "postgres", trust authentication). When it is already
# set, the script starts nothing and uses that server. When initdb/pg_ctl are missing (PATH and
# /usr/lib/postgresql/*/bin are searched) it installs Debian's postgresql package first, without its default cluster.
# The cluster runs with fsync off: it is for tests, nothing in it must survive a power cut. With
# OPDTOKENS_POSTGRES_DURABLE=1 it runs with PostgreSQL's durable defaults instead (fsync, synchronous_commit and
# full_page_writes on), as the load benchmark (eng/load-test.sh) measures it.

opd_pg_fail() {
  echo "eng/postgres.sh: $*" >&2
  return 1
}

opd_pg_find_bin() {
  local initdb
  initdb=$(command -v initdb 2>/dev/null || true)
  if [ -n "$initdb" ] && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(readlink -f "$initdb")"
    return 0
  fi
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
    echo "$dir"
  fi
}

opd_pg_install() {
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || opd_pg_fail "initdb/pg_ctl not found and not root: install PostgreSQL (apt-get install postgresql)" || return 1
    sudo="sudo"
  fi
  echo "eng/postgres.sh: installing Debian's postgresql package" >&2
  # Only this script's clusters are wanted: no default cluster started as a service.
  if [ ! -e /etc/postgresql-common/createcluster.conf ]; then
    $sudo mkdir -p /etc/postgresql-common
    echo "create_main_cluster = false" | $sudo tee /etc/postgresql-common/createcluster.conf >/dev/null
  fi
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null
}

# The user the cluster runs as: initdb refuses root, so root runs it as postgres (or a dedicated user).
opd_pg_user() {
  if [ "$(id -u)" -ne 0 ]; then
    id -un
  elif id -u postgres >/dev/null 2>&1; then
    echo postgres
  else
    id -u opdtokens-pg >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin opdtokens-pg
    echo opdtokens-pg
  fi
}

opd_pg_as_user() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u "$OPD_PG_USER" -- "$@"
  else
    "$@"
  fi
}

opd_pg_port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

opd_pg_stop() {
  if [ -n "${OPD_PG_DIR:-}" ] && [ -d "$OPD_PG_DIR" ]; then
    if [ -f "$OPD_PG_DIR/data/postmaster.pid" ]; then
      opd_pg_as_user "$OPD_PG_BIN/pg_ctl" -D "$OPD_PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$OPD_PG_DIR"
  fi
  OPD_PG_DIR=""
}

opd_pg_start() {
  if [ -n "${OPDTOKENS_POSTGRES:-}" ]; then
    echo "eng/postgres.sh: using the server of OPDTOKENS_POSTGRES" >&2
    return 0
  fi
  OPD_PG_BIN=$(opd_pg_find_bin)
  if [ -z "$OPD_PG_BIN" ]; then
    opd_pg_install || return 1
    OPD_PG_BIN=$(opd_pg_find_bin)
    [ -n "$OPD_PG_BIN" ] || opd_pg_fail "initdb/pg_ctl still not found after installing postgresql" || return 1
  fi
  OPD_PG_USER=$(opd_pg_user) || return 1
  OPD_PG_DIR=$(mktemp -d /tmp/opdtokens-pg.XXXXXX) || return 1
  if [ "$(id -u)" -eq 0 ]; then
    chown "$OPD_PG_USER" "$OPD_PG_DIR"
  fi
  opd_pg_as_user "$OPD_PG_BIN/initdb" -D "$OPD_PG_DIR/data" --auth=trust -U postgres -E UTF8 --locale=C -N \
    >"$OPD_PG_DIR/initdb.log" 2>&1 || {
    cat "$OPD_PG_DIR/initdb.log" >&2
    opd_pg_fail "initdb failed"
    return 1
  }
  local attempt port durability="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  if [ "${OPDTOKENS_POSTGRES_DURABLE:-0}" = "1" ]; then
    durability="-c fsync=on -c synchronous_commit=on -c full_page_writes=on"
  fi
  for attempt in 1 2 3 4 5; do
    port=$((20000 + RANDOM % 40000))
    opd_pg_port_in_use "$port" && continue
    if opd_pg_as_user "$OPD_PG_BIN/pg_ctl" -D "$OPD_PG_DIR/data" -l "$OPD_PG_DIR/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $OPD_PG_DIR $durability -c max_connections=200" \
      start >/dev/null; then
      export OPDTOKENS_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
      echo "eng/postgres.sh: PostgreSQL $("$OPD_PG_BIN/pg_ctl" --version | awk '{print $3}') on 127.0.0.1:$port ($OPD_PG_DIR; $durability)" >&2
      return 0
    fi
  done
  cat "$OPD_PG_DIR/server.log" >&2 2>/dev/null || true
  opd_pg_fail "the server did not start"
  return 1
}

if [ "${BASH_SOURCE[0]}" != "$0" ]; then
  # Sourced: start now, remove when the sourcing shell exits.
  trap opd_pg_stop EXIT
  opd_pg_start || return 1
else
  set -euo pipefail
  if [ "${1:-}" = "--install" ]; then
    OPD_PG_BIN=$(opd_pg_find_bin)
    if [ -z "$OPD_PG_BIN" ]; then
      opd_pg_install
      OPD_PG_BIN=$(opd_pg_find_bin)
      [ -n "$OPD_PG_BIN" ] || opd_pg_fail "initdb/pg_ctl still not found after installing postgresql"
    fi
    echo "$OPD_PG_BIN"
    exit 0
  fi
  [ $# -gt 0 ] || {
    sed -n '2,16p' "$0" >&2
    exit 2
  }
  trap opd_pg_stop EXIT
  trap 'exit 130' INT TERM
  opd_pg_start
  status=0
  "$@" || status=$?
  exit "$status"
fi
