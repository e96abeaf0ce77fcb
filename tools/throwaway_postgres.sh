#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the test suite (README, "Run the tests on PostgreSQL"; .ci/run).
#
#   tools/throwaway_postgres.sh start DIR [PORT]   # initdb into DIR, start on 127.0.0.1:PORT (55432),
#                                                  # print the admin URL for UNIONBOOK_TEST_DB
#   tools/throwaway_postgres.sh stop DIR           # stop it (then rm -rf DIR)
#
# Uses Debian's postgresql (apt-get install postgresql; /usr/lib/postgresql/<version>/bin). PostgreSQL
# refuses to run as root, so as root the cluster belongs to the `postgres` user the package makes.
# Trust authentication on 127.0.0.1 and a socket in DIR only: nothing outside this machine can reach it.
# fsync is off: the cluster is thrown away, and the suite runs several times faster without it.
set -euo pipefail

action=${1:?start|stop}
dir=${2:?cluster directory}
port=${3:-55432}

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bin" ] && command -v pg_ctl >/dev/null 2>&1; then
  bin=$(dirname "$(command -v pg_ctl)")
fi
[ -n "$bin" ] || { echo "PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$action" in
  start)
    mkdir -p "$dir"
    if [ "$(id -u)" -eq 0 ]; then chown postgres "$dir"; fi
    as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o \
      "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100" \
      start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    echo "postgresql://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null
    ;;
  *)
    echo "usage: $0 start|stop DIR [PORT]" >&2
    exit 2
    ;;
esac
