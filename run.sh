#!/usr/bin/env bash
# Starts NOTS (http://localhost:5080) and NovaTech (http://localhost:5090) on embedded defaults:
# SQLite under ./data, in-process bus, sandbox payments, offline maps, mail to ./data/mail.
# Demo data is seeded on first start; demo passwords are generated once into ./data (never committed).
set -euo pipefail
cd "$(dirname "$0")"
root=$PWD
mkdir -p data

if [ ! -f data/demo-credentials.env ]; then
  password="Demo-$(head -c 12 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 12)"
  printf 'DEMO_PASSWORD=%s\n' "$password" > data/demo-credentials.env
  chmod 600 data/demo-credentials.env
fi
# shellcheck disable=SC1091
. data/demo-credentials.env

echo "Building..." >&2
dotnet build src/Nots/Nots.Web/Nots.Web.csproj -c Release -m:1 -nologo -v q >&2
dotnet build src/NovaTech/NovaTech.Web/NovaTech.Web.csproj -c Release -m:1 -nologo -v q >&2

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

start() { # project, product (lowercase), port, bootstrap email
  local project=$1 product=$2 port=$3 email=$4
  (
    cd "src/${project%%.*}/$project"
    export ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Development}
    export Urls="http://localhost:$port"
    export Seed__Demo=true
    export Database__DataDirectory="$root/data"
    export Email__PickupDirectory="$root/data/mail/$product"
    export Storage__Root="$root/data/files/$product"
    export Bootstrap__OwnerEmail="$email"
    export Bootstrap__OwnerPassword="$DEMO_PASSWORD"
    export Demo__Password="$DEMO_PASSWORD"
    exec dotnet "bin/Release/net10.0/$project.dll"
  ) > "data/$product.log" 2>&1 &
  pids+=($!)
}

start Nots.Web nots 5080 owner@nots.demo
start NovaTech.Web novatech 5090 admin@novatech.demo

for url in http://localhost:5080 http://localhost:5090; do
  for _ in $(seq 1 120); do
    if curl -fs "$url/health/ready" >/dev/null 2>&1; then break; fi
    sleep 0.5
  done
  curl -fs "$url/health/ready" >/dev/null || { echo "$url did not become ready; see data/*.log" >&2; exit 1; }
done

cat <<MSG

  NOTS      http://localhost:5080   API docs http://localhost:5080/docs
  NovaTech  http://localhost:5090   API docs http://localhost:5090/docs

  Demo logins (password for all: $DEMO_PASSWORD)
    NOTS      owner@nots.demo (owner; enrol MFA on first sign-in), customer@nots.demo, dispatcher@nots.demo, driver@nots.demo
    NovaTech  admin@novatech.demo (admin; enrol MFA on first sign-in), customer@novatech.demo, merchant@novatech.demo, support@novatech.demo

  Mail goes to data/mail/<product>, logs to data/<product>.log. Ctrl-C stops both.
MSG
wait
