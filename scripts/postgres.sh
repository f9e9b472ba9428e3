#!/usr/bin/env bash
# A throw-away PostgreSQL for the tests, started by hand on a loopback port (no systemd).
#   scripts/postgres.sh start   -> prints nothing else; the server listens on 127.0.0.1:$TANDEM_PG_PORT (default 55432)
#   scripts/postgres.sh stop
# Data lives in $TANDEM_PG_DIR (default /tmp/tandem-pg-$port) and is recreated on each start.
set -euo pipefail
port="${TANDEM_PG_PORT:-55432}"
dir="${TANDEM_PG_DIR:-/tmp/tandem-pg-$port}"
bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
[[ -x "$bin/initdb" ]] || { echo "PostgreSQL server binaries not found under /usr/lib/postgresql (apt-get install postgresql)" >&2; exit 1; }

as_pg() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  start)
    if as_pg "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
      as_pg "$bin/pg_ctl" -D "$dir" -m immediate stop >/dev/null
    fi
    rm -rf "$dir"
    mkdir -p "$dir"
    [[ $(id -u) -eq 0 ]] && chown postgres:postgres "$dir"
    as_pg "$bin/initdb" -D "$dir" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    # Test-only settings: durability is not what these tests measure.
    as_pg "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400" start >/dev/null
    echo "PostgreSQL $(basename "$(dirname "$bin")") listening on 127.0.0.1:$port (data $dir)"
    ;;
  stop)
    as_pg "$bin/pg_ctl" -D "$dir" -m fast stop >/dev/null 2>&1 || true
    ;;
  *)
    echo "usage: $0 start|stop" >&2; exit 2;;
esac
