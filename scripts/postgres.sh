#!/usr/bin/env bash
# Starts (or stops) a throw-away PostgreSQL cluster for the test suites on 127.0.0.1:${PGPORT:-55432}.
# Installs Debian's postgresql first when it is missing and we are root.
set -euo pipefail
cmd=${1:-start}
port=${PGPORT:-55432}
dir=${PGTESTDIR:-/tmp/platform-pg-$port}

find_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

case "$cmd" in
  start)
    bin=$(find_bin || true)
    if [ -z "$bin" ]; then
      if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "Installing PostgreSQL (apt-get)..." >&2
        apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
        bin=$(find_bin)
      else
        echo "PostgreSQL is not installed (apt-get install postgresql)." >&2
        exit 3
      fi
    fi
    if [ -f "$dir/postmaster.pid" ] && "$bin/pg_isready" -h 127.0.0.1 -p "$port" -q; then
      echo "PostgreSQL already running on $port" >&2
      exit 0
    fi
    rm -rf "$dir"; mkdir -p "$dir"
    runas=()
    if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$dir"; runas=(runuser -u postgres --); fi
    "${runas[@]}" "$bin/initdb" -D "$dir" --auth=trust -U postgres -E UTF8 >/dev/null
    "${runas[@]}" "$bin/pg_ctl" -D "$dir" -l "$dir/log" -w \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" start >/dev/null \
      || { echo "PostgreSQL did not start on $port; the end of $dir/log:" >&2; tail -n 15 "$dir/log" >&2; exit 1; }
    echo "PostgreSQL running on 127.0.0.1:$port ($dir)" >&2
    ;;
  stop)
    bin=$(find_bin || true)
    if [ -n "$bin" ] && [ -f "$dir/postmaster.pid" ]; then
      runas=(); if [ "$(id -u)" = 0 ]; then runas=(runuser -u postgres --); fi
      "${runas[@]}" "$bin/pg_ctl" -D "$dir" -m fast -w stop >/dev/null || true
    fi
    ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
