#!/usr/bin/env bash
# Validates the Prometheus scrape config and alert rules with promtool (Debian package "prometheus") and runs the
# rules' unit tests. Exits 0 without checking when promtool is missing (say so), non-zero when a check fails.
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v promtool >/dev/null; then
  echo "promtool not installed (apt-get install prometheus): Prometheus config not checked" >&2
  exit 0
fi
promtool check config prometheus.yml >&2
promtool check rules alerts.yml >&2
promtool test rules alerts.test.yml >&2
echo "Prometheus config, alert rules and their tests: OK" >&2
