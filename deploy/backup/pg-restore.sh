#!/usr/bin/env bash
# Restores a base backup (pg-backup.sh base) into a fresh data directory and replays archived WAL, to a point in
# time or to the end of the archive, then starts the server on its own port and waits until it accepts writes.
#   pg-restore.sh BASE_DIR ARCHIVE_DIR DATA_DIR PORT ['2026-11-23 14:05:00+00' | latest]
# Run as the user that owns DATA_DIR's parent (as root it runs the server as "postgres"). Prints the restore time.
set -euo pipefail
base=${1:?usage: pg-restore.sh BASE_DIR ARCHIVE_DIR DATA_DIR PORT [TARGET_TIME|latest]}
archive=${2:?archive dir}; data=${3:?data dir}; port=${4:?port}; target=${5:-latest}
bin=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
runas=(); if [ "$(id -u)" = 0 ]; then runas=(runuser -u postgres --); fi
started=$(date +%s.%N)

[ -e "$data" ] && [ -n "$(ls -A "$data" 2>/dev/null)" ] && { echo "$data is not empty" >&2; exit 3; }
mkdir -p "$data/pg_wal"
tar -xzf "$base/base.tar.gz" -C "$data"
tar -xzf "$base/pg_wal.tar.gz" -C "$data/pg_wal"
chmod 700 "$data"
if [ "$(id -u)" = 0 ]; then chown -R postgres:postgres "$data"; fi
{
  echo "restore_command = 'cp $archive/%f %p'"
  if [ "$target" != latest ]; then
    echo "recovery_target_time = '$target'"
    echo "recovery_target_inclusive = true"
  fi
  echo "recovery_target_action = 'promote'"
  # The restored server must not archive into the primary's archive (a new timeline would mix in).
  echo "archive_mode = off"
} >> "$data/postgresql.auto.conf"
touch "$data/recovery.signal"
"${runas[@]}" "$bin/pg_ctl" -D "$data" -l "$data/restore.log" -w -t 3600 \
  -o "-p $port -k $data -c listen_addresses=127.0.0.1" start >/dev/null
until [ "$("$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -Atc 'SELECT NOT pg_is_in_recovery()' 2>/dev/null)" = t ]; do sleep 0.2; done
echo "restored to $target on port $port in $(awk "BEGIN { printf \"%.1f\", $(date +%s.%N) - $started }") s" >&2
