#!/usr/bin/env bash
# PostgreSQL backups for the scale-out mode: a base backup (pg_basebackup, tar + gzip, with the WAL it needs) plus
# continuous WAL archiving to a folder, which together allow a restore to any point in time (pg-restore.sh).
#   pg-backup.sh archiving ARCHIVE_DIR  -> prints the postgresql.conf settings that archive WAL into ARCHIVE_DIR
#   pg-backup.sh base                   -> BACKUP_DIR/base/<UTC stamp>/ (base.tar.gz, pg_wal.tar.gz, backup_label.txt)
#   pg-backup.sh dump DATABASE...       -> BACKUP_DIR/dump/<UTC stamp>/<db>.dump (pg_dump -Fc, a logical copy)
#   pg-backup.sh prune [KEEP]           -> keeps the newest KEEP (default 7) base backups and the WAL they need
# Connection: PGHOST (127.0.0.1), PGPORT (5432), PGUSER (postgres); the role needs REPLICATION for base backups.
# Schedule (crontab.example): base daily, dump hourly if wanted; WAL archiving is continuous, bounded by
# archive_timeout (the RPO). S3: sync BACKUP_DIR and ARCHIVE_DIR with the S3 adapter's bucket (docs/operations.md).
set -euo pipefail
cmd=${1:-}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
backup_dir=${BACKUP_DIR:-/var/backups/postgresql}
bin=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
stamp() { date -u +%Y%m%dT%H%M%SZ; }

case "$cmd" in
  archiving)
    archive=${2:?usage: pg-backup.sh archiving ARCHIVE_DIR}
    cat <<CONF
wal_level = replica
archive_mode = on
# Never overwrite a segment already archived; cp then mv, so a half-copied file is never taken for a whole one.
archive_command = 'test ! -f $archive/%f && cp %p $archive/%f.tmp && mv $archive/%f.tmp $archive/%f'
# Close and archive the current WAL segment at least this often: the most data a lost server can take with it.
archive_timeout = 60
CONF
    ;;
  base)
    target=$backup_dir/base/$(stamp)
    mkdir -p "$target"
    started=$(date +%s.%N)
    "$bin/pg_basebackup" -D "$target" -Ft -z -X stream -c fast -l "base $(basename "$target")"
    tar -xzOf "$target/base.tar.gz" backup_label > "$target/backup_label.txt"
    echo "base backup $target ($(du -sh "$target" | cut -f1), $(awk "BEGIN { printf \"%.1f\", $(date +%s.%N) - $started }") s)" >&2
    echo "$target"
    ;;
  dump)
    shift
    [ $# -gt 0 ] || { echo "usage: pg-backup.sh dump DATABASE..." >&2; exit 2; }
    target=$backup_dir/dump/$(stamp)
    mkdir -p "$target"
    for db in "$@"; do "$bin/pg_dump" -Fc -d "$db" -f "$target/$db.dump"; done
    echo "$target"
    ;;
  prune)
    keep=${2:-7}
    mapfile -t old < <(ls -1d "$backup_dir"/base/*/ 2>/dev/null | sort -r | tail -n +$((keep + 1)))
    for dir in "${old[@]}"; do rm -rf "$dir"; done
    oldest=$(ls -1d "$backup_dir"/base/*/ 2>/dev/null | sort | head -n 1)
    if [ -n "$oldest" ] && [ -n "${ARCHIVE_DIR:-}" ]; then
      # WAL older than the oldest kept base backup's start segment is not needed any more.
      start=$(sed -n 's/^START WAL LOCATION: .* (file \([0-9A-F]*\))$/\1/p' "$oldest/backup_label.txt")
      [ -n "$start" ] && "$bin/pg_archivecleanup" "$ARCHIVE_DIR" "$start"
    fi
    ;;
  *)
    sed -n '2,12p' "$0" >&2; exit 2 ;;
esac
