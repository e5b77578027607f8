#!/usr/bin/env bash
# The cluster suites: brings deploy/local-cluster.sh up (3 + 3 nodes behind haproxy on PostgreSQL and RabbitMQ), runs
# tests/Cluster.Tests (the NOTS booking flow, the NovaTech checkout flow and their concurrency tests, then the kill -9
# crash test under load), prints the crash test's counts, and brings the cluster down again, whatever happened.
# Ends with one line: "N passed, N failed[, N skipped]". Exit status 0 only when nothing failed.
#   CLUSTER_TESTS_NO_BUILD=1   the test project is already built (.ci/run: test.sh built the solution)
#   TEST_CLUSTER_LOAD=1000     bookings and checkouts of the crash test
set -uo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
results=TestResults/cluster
rm -rf "$results"; mkdir -p "$results"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

finish() { # passed failed skipped
  echo "cluster suites took $(( $(date +%s) - started )) s" >&2
  if [ "$3" -gt 0 ]; then echo "$1 passed, $2 failed, $3 skipped"; else echo "$1 passed, $2 failed"; fi
  [ "$2" -eq 0 ]
}

trap 'bash deploy/local-cluster.sh down >>"$results/cluster.log" 2>&1' EXIT
echo "== cluster up" >&2
if ! bash deploy/local-cluster.sh up >"$results/cluster.log" 2>&1; then
  tail -n 40 "$results/cluster.log" >&2
  echo "The cluster did not come up" >&2
  finish 0 1 0; exit 1
fi
grep -E "^\[cluster\] up in" "$results/cluster.log" >&2
while IFS= read -r line; do export "${line%%=*}=${line#*=}"; done < <(bash deploy/local-cluster.sh env)

build=()
if [ "${CLUSTER_TESTS_NO_BUILD:-}" = 1 ]; then build=(--no-build); fi
passed=0; failed=0; skipped=0
# Flows and races first, then the crash test alone (it kills nodes).
for part in flows crash; do
  if [ $part = flows ]; then filter="FullyQualifiedName!~Cluster.Tests.CrashTests"; else filter="FullyQualifiedName~Cluster.Tests.CrashTests"; fi
  echo "== cluster $part" >&2
  log="$results/$part.log"
  dotnet test tests/Cluster.Tests "${build[@]}" -m:1 -nologo -v q --filter "$filter" --logger "console;verbosity=minimal" \
      --results-directory "$results/$part" 2>&1 | tee "$log" | grep -E "^\s*(Passed|Failed)!|\[FAIL\]|: error " >&2
  status=${PIPESTATUS[0]}
  build=(--no-build)
  summary=$(grep -E "^\s*(Passed|Failed)!" "$log" | tail -n 1)
  if [ -z "$summary" ]; then failed=$((failed + 1)); tail -n 40 "$log" >&2; continue; fi
  p=$(sed -E 's/.*Passed: *([0-9]+).*/\1/' <<<"$summary")
  f=$(sed -E 's/.*Failed: *([0-9]+), Passed.*/\1/' <<<"$summary")
  s=$(sed -E 's/.*Skipped: *([0-9]+).*/\1/' <<<"$summary")
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
  if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then failed=$((failed + 1)); fi
  if [ "$f" -gt 0 ]; then grep -E -A14 "^\s*Failed .* \[[0-9<]" "$log" | head -80 >&2; fi
done

report=$(find tests/Cluster.Tests/bin -name crash-report.txt -newer "$results/cluster.log" 2>/dev/null | head -n 1)
if [ -n "$report" ]; then
  echo "== crash test counts" >&2
  cp "$report" "$results/"
  cat "$report" >&2
fi
echo "== cluster down" >&2
finish "$passed" "$failed" "$skipped"
