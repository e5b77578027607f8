#!/usr/bin/env bash
# bench/nots/api.sh quotes|bookings — POST /v1/quotes or POST /v1/bookings against /health/live at 32 concurrent
# clients, on a Release build of NOTS with a fresh SQLite database (or PostgreSQL: Database__Provider=Postgres
# ConnectionStrings__Nots=... bench/nots/api.sh quotes). Bookings are made from one quote taken at the start
# (a quote can be booked more than once while it is valid), as guests. PORT picks the port (default 5180).
# The global per-IP rate limit is raised for the run: every bench client shares one address.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
target=${1:-quotes}
case "$target" in quotes|bookings) ;; *) echo "usage: $0 quotes|bookings" >&2; exit 2 ;; esac
port=${PORT:-5180}
clients=${CLIENTS:-32}
seconds=${SECONDS_PER_RUN:-10}
data=$(mktemp -d)

dotnet build src/Nots/Nots.Web/Nots.Web.csproj -c Release -m:1 -nologo -v q >&2
dotnet build bench/Bench.Http -c Release -m:1 -nologo -v q >&2

(
  cd src/Nots/Nots.Web
  export ASPNETCORE_ENVIRONMENT=Production
  export Urls="http://127.0.0.1:$port"
  export Database__DataDirectory="$data"
  export RateLimiting__PermitsPerMinute=100000000
  export Logging__LogLevel__Default=Warning
  exec dotnet bin/Release/net10.0/Nots.Web.dll
) > "$data/nots.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$data"' EXIT

for _ in $(seq 1 60); do
  curl -fs "http://127.0.0.1:$port/health/ready" > /dev/null && break
  sleep 1
done

body="$root/bench/nots/quote.json"
if [ "$target" = bookings ]; then
  quote=$(curl -fsS -H 'Content-Type: application/json' --data "@$body" "http://127.0.0.1:$port/v1/quotes" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  body="$data/booking.json"
  printf '{"quoteId":"%s","vehicleClass":"estate","passenger":{"name":"Bench Hirer","email":"bench@example.com","phone":"07700 900123"},"notes":"bench"}' \
    "$quote" > "$body"
fi

dotnet bench/Bench.Http/bin/Release/net10.0/Bench.Http.dll --base "http://127.0.0.1:$port" \
  --baseline GET /health/live --target POST "/v1/$target" "@$body" \
  --clients "$clients" --seconds "$seconds"
