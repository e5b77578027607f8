#!/usr/bin/env bash
# Runs every test suite twice: on SQLite, then on PostgreSQL (a throw-away cluster on 127.0.0.1:55432,
# installed with apt-get when missing and run as root). When rabbitmq-server is installed (or TEST_RABBITMQ is
# set), the RabbitMQ transport tests run against a throw-away broker on 127.0.0.1:5673; otherwise they are
# skipped (outside CI). Ends with "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")"
started=$(date +%s)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
results=TestResults
rm -rf "$results"; mkdir -p "$results"

# The broker boots while we build (scripts/rabbitmq.sh prints its AMQP URI).
rabbit_pid=
if [ -z "${TEST_RABBITMQ:-}" ] && [ -x /usr/lib/rabbitmq/bin/rabbitmq-server ]; then
  bash scripts/rabbitmq.sh start > "$results/rabbitmq.uri" 2> "$results/rabbitmq.log" &
  rabbit_pid=$!
fi

echo "== build" >&2
if ! dotnet build Systems.slnx -m:1 -nologo -v q 2>&1 | tee "$results/build.log" | grep -E "error|Warn|Elapsed" >&2; then :; fi
if grep -qE "[1-9][0-9]* Error\(s\)" "$results/build.log"; then
  echo "Build failed" >&2
  echo "0 passed, 1 failed"
  exit 1
fi

passes=(sqlite)
if bash scripts/postgres.sh start; then
  passes+=(postgres)
  export TEST_POSTGRES="Host=127.0.0.1;Port=${PGPORT:-55432};Username=postgres;Database=postgres"
elif [ "${CI:-}" = "true" ]; then
  echo "PostgreSQL is required in CI but could not be started" >&2
  echo "0 passed, 1 failed"
  exit 1
else
  echo "WARNING: PostgreSQL unavailable: running the SQLite pass only" >&2
fi

if [ -n "$rabbit_pid" ]; then
  if wait "$rabbit_pid"; then
    export TEST_RABBITMQ=$(cat "$results/rabbitmq.uri")
  elif [ "${CI:-}" = "true" ]; then
    cat "$results/rabbitmq.log" >&2
    echo "RabbitMQ is required in CI but could not be started" >&2
    echo "0 passed, 1 failed"
    exit 1
  else
    echo "WARNING: RabbitMQ could not be started (see $results/rabbitmq.log): its tests are skipped" >&2
  fi
fi

passed=0; failed=0; skipped=0; crashed=0
for provider in "${passes[@]}"; do
  echo "== tests on $provider" >&2
  log="$results/$provider.log"
  TEST_DB_PROVIDER=$provider dotnet test Systems.slnx --no-build -nologo -v q -m:1 --logger "console;verbosity=minimal" \
      --results-directory "$results/$provider" 2>&1 | tee "$log" | grep -E "^\s*(Passed|Failed)!|\[FAIL\]|: error " >&2
  status=${PIPESTATUS[0]}
  summaries=$(grep -E "^\s*(Passed|Failed)!" "$log" || true)
  if [ -z "$summaries" ]; then crashed=$((crashed + 1)); continue; fi
  p=$(echo "$summaries" | sed -E 's/.*Passed: *([0-9]+).*/\1/' | awk '{n+=$1} END {print n+0}')
  f=$(echo "$summaries" | sed -E 's/.*Failed: *([0-9]+), Passed.*/\1/' | awk '{n+=$1} END {print n+0}')
  s=$(echo "$summaries" | sed -E 's/.*Skipped: *([0-9]+).*/\1/' | awk '{n+=$1} END {print n+0}')
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
  if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then crashed=$((crashed + 1)); fi
  echo "   $provider: $p passed, $f failed, $s skipped" >&2
  if [ "$f" -gt 0 ]; then
    # The first lines of each failure, so a CI log says why without the TestResults folder.
    grep -E -A12 "^\s*Failed .* \[[0-9<]" "$log" | head -120 >&2
  fi
done

failed=$((failed + crashed))
echo "test.sh took $(( $(date +%s) - started )) s" >&2
if [ "$skipped" -gt 0 ]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
