#!/usr/bin/env bash
# Restore drill on throw-away PostgreSQL servers (127.0.0.1, ports DRILL_PORT..+2, default 25450-25452, below
# Linux's ephemeral range 32768-60999 so that a busy machine's outgoing connections cannot already hold them):
#  1. a primary with WAL archiving (archive_timeout DRILL_ARCHIVE_TIMEOUT s, default 10) gets 500 bookings + 500 orders;
#  2. base backup (pg-backup.sh base);
#  3. ten more batches of 20 + 20, each its own transaction; the time after batch 5 is the point-in-time target T;
#  4. a tail written for a few seconds, then the primary is killed (immediate stop: as if the machine died);
#  5. restore to T (pg-restore.sh) on a fresh data directory: row counts and the last booking/order must be exactly those
#     committed at T;
#  6. restore to the end of the archive: measures RPO (commits lost, and the window between the last commit on the
#     primary and the last one restored) and RTO (restore script start → server accepting writes).
# Prints KEY=VALUE lines (PITR_OK, RPO_SECONDS, RPO_LOST_ROWS, RTO_SECONDS, ...); exits non-zero when a check fails.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
port=${DRILL_PORT:-25450}
timeout=${DRILL_ARCHIVE_TIMEOUT:-10}
work=${DRILL_DIR:-$(mktemp -d /tmp/pg-drill-XXXXXX)}
bin=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
[ -x "$bin/pg_basebackup" ] || { echo "PostgreSQL binaries not found" >&2; exit 4; }
runas=(); if [ "$(id -u)" = 0 ]; then runas=(runuser -u postgres --); fi
mkdir -p "$work/archive" "$work/backups"
if [ "$(id -u)" = 0 ]; then chown -R postgres:postgres "$work"; fi
primary=$work/primary
now() { date +%s.%N; }
elapsed() { awk "BEGIN { printf \"%.2f\", $2 - $1 }"; }
sql() { "$bin/psql" -h 127.0.0.1 -p "$1" -U postgres -d drill -v ON_ERROR_STOP=1 -Atq -c "$2"; }
stop_all() {
  local status=$?
  if [ "$status" != 0 ]; then # the server logs say why a start or a restore failed
    for log in "$work/primary.log" "$work/pitr/restore.log" "$work/latest/restore.log"; do
      [ -f "$log" ] && { echo "--- $log" >&2; tail -n 20 "$log" >&2; }
    done
  fi
  for d in "$primary" "$work/pitr" "$work/latest"; do
    [ -f "$d/postmaster.pid" ] && "${runas[@]}" "$bin/pg_ctl" -D "$d" -m immediate stop >/dev/null 2>&1 || true
  done
  [ -n "${DRILL_KEEP:-}" ] || rm -rf "$work"
}
trap stop_all EXIT

"${runas[@]}" "$bin/initdb" -D "$primary" --auth=trust -U postgres -E UTF8 >/dev/null
BACKUP_DIR=$work/backups bash "$here/pg-backup.sh" archiving "$work/archive" | sed "s/^archive_timeout = .*/archive_timeout = $timeout/" \
  | "${runas[@]}" tee -a "$primary/postgresql.auto.conf" >/dev/null
"${runas[@]}" "$bin/pg_ctl" -D "$primary" -l "$work/primary.log" -w -o "-p $port -k $primary -c listen_addresses=127.0.0.1" start >/dev/null
"$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres drill
sql "$port" "CREATE TABLE bookings (id bigserial PRIMARY KEY, reference text NOT NULL UNIQUE, fare_pence integer NOT NULL, committed_at timestamptz NOT NULL DEFAULT clock_timestamp());
             CREATE TABLE orders (id bigserial PRIMARY KEY, reference text NOT NULL UNIQUE, total_pence integer NOT NULL, committed_at timestamptz NOT NULL DEFAULT clock_timestamp());"
batch() { # $1 tag, $2 rows: one transaction
  sql "$port" "BEGIN;
    INSERT INTO bookings (reference, fare_pence) SELECT 'NOTS-$1-' || g, 4500 + g FROM generate_series(1, $2) g;
    INSERT INTO orders (reference, total_pence) SELECT 'NT-$1-' || g, 19900 + g FROM generate_series(1, $2) g;
    COMMIT;"
}
batch seed 500

base_started=$(now)
base=$("${runas[@]}" env PGPORT="$port" BACKUP_DIR="$work/backups" bash "$here/pg-backup.sh" base 2>/dev/null)
base_seconds=$(elapsed "$base_started" "$(now)")

for i in $(seq 1 10); do
  batch "b$i" 20
  if [ "$i" = 5 ]; then
    target=$(sql "$port" "SELECT clock_timestamp()")
    expected=$(sql "$port" "SELECT (SELECT count(*) FROM bookings) || ' ' || (SELECT count(*) FROM orders) || ' ' ||
      (SELECT reference FROM bookings ORDER BY id DESC LIMIT 1) || ' ' || (SELECT reference FROM orders ORDER BY id DESC LIMIT 1)")
  fi
  sleep 0.2
done
sql "$port" "SELECT pg_switch_wal()" >/dev/null
archived_rows=$(sql "$port" "SELECT count(*) FROM bookings")

# The tail: commits keep coming until the machine "dies"; only WAL already archived survives.
tail_end=$(( $(date +%s) + timeout + 3 ))
n=0
while [ "$(date +%s)" -lt "$tail_end" ]; do n=$((n + 1)); batch "t$n" 1; sleep 0.1; done
at_crash=$(sql "$port" "SELECT (SELECT count(*) FROM bookings) || ' ' || extract(epoch FROM (SELECT max(committed_at) FROM bookings))")
"${runas[@]}" "$bin/pg_ctl" -D "$primary" -m immediate stop >/dev/null

restore() { # $1 name, $2 port, $3 target -> seconds
  local s; s=$(now)
  bash "$here/pg-restore.sh" "$base" "$work/archive" "$work/$1" "$2" "$3" 2>/dev/null
  elapsed "$s" "$(now)"
}
pitr_seconds=$(restore pitr $((port + 1)) "$target")
got=$(sql $((port + 1)) "SELECT (SELECT count(*) FROM bookings) || ' ' || (SELECT count(*) FROM orders) || ' ' ||
  (SELECT reference FROM bookings ORDER BY id DESC LIMIT 1) || ' ' || (SELECT reference FROM orders ORDER BY id DESC LIMIT 1)")
latest_seconds=$(restore latest $((port + 2)) latest)
restored=$(sql $((port + 2)) "SELECT (SELECT count(*) FROM bookings) || ' ' || extract(epoch FROM (SELECT max(committed_at) FROM bookings))")

read -r crash_rows crash_last <<< "$at_crash"
read -r restored_rows restored_last <<< "$restored"
echo "BASE_BACKUP_SECONDS=$base_seconds"
echo "PITR_TARGET=$target"
echo "PITR_EXPECTED=$expected"
echo "PITR_RESTORED=$got"
echo "PITR_RESTORE_SECONDS=$pitr_seconds"
echo "ARCHIVE_TIMEOUT_SECONDS=$timeout"
echo "COMMITTED_AT_CRASH=$crash_rows"
echo "RESTORED_LATEST=$restored_rows"
echo "RPO_LOST_ROWS=$((crash_rows - restored_rows))"
echo "RPO_SECONDS=$(elapsed "$restored_last" "$crash_last")"
echo "RTO_SECONDS=$latest_seconds"
if [ "$got" = "$expected" ] && [ "$restored_rows" -ge "$archived_rows" ] && [ "$restored_rows" -le "$crash_rows" ]; then
  echo "PITR_OK=true"
else
  echo "PITR_OK=false"; exit 1
fi
