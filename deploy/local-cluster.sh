#!/usr/bin/env bash
# A scale-out cluster on one machine, all on 127.0.0.1: PostgreSQL (scripts/postgres.sh), RabbitMQ
# (scripts/rabbitmq.sh), N nodes of each product from Release builds (Database:Provider=Postgres,
# Messaging:Transport=RabbitMQ) and haproxy in front with health checks on /health/ready. No sticky sessions.
#
#   deploy/local-cluster.sh up [--no-build]     build (dotnet publish -c Release), start everything, wait until ready
#   deploy/local-cluster.sh down                stop nodes, haproxy, RabbitMQ and PostgreSQL (pid files; nothing left)
#   deploy/local-cluster.sh status              what runs, per process, with each node's readiness
#   deploy/local-cluster.sh env                 the TEST_CLUSTER_* variables the cluster suites read (tests/Cluster.Tests)
#   deploy/local-cluster.sh kill PRODUCT I      kill -9 node I of PRODUCT (nots|novatech): the crash drill
#   deploy/local-cluster.sh start-node PRODUCT I    (re)start one node; waits until it is ready and prints the seconds
#
# Environment (defaults): CLUSTER_NODES (3), CLUSTER_DIR (/tmp/local-cluster), CLUSTER_PG_PORT (25442),
# CLUSTER_RABBIT_PORT (5683), NOTS_PORT (5180; nodes 5181..), NOVATECH_PORT (5190; nodes 5191..),
# CLUSTER_STATS_PORT (5170: haproxy's stats page), CLUSTER_STAFF_MFA (false: bootstrap staff sign in without a
# second factor so scripts and tests can drive staff endpoints; set true for anything but a throw-away cluster).
# Everything the cluster writes (publish output, logs, pid files, mail pickup, documents, the generated owner
# password) lives under CLUSTER_DIR; `up` remembers its settings in CLUSTER_DIR/cluster.env for the other commands.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
cmd=${1:-status}
dir=${CLUSTER_DIR:-/tmp/local-cluster}
state=$dir/cluster.env

if [ -f "$state" ] && [ "$cmd" != up ]; then
  # shellcheck disable=SC1090
  . "$state"
fi
nodes=${CLUSTER_NODES:-3}
pg_port=${CLUSTER_PG_PORT:-25442}
rabbit_port=${CLUSTER_RABBIT_PORT:-5683}
nots_port=${NOTS_PORT:-5180}
novatech_port=${NOVATECH_PORT:-5190}
stats_port=${CLUSTER_STATS_PORT:-5170}
staff_mfa=${CLUSTER_STAFF_MFA:-false}

say() { echo "[cluster] $*" >&2; }

# PostgreSQL and RabbitMQ come from the same scripts as the test suites, on their own ports and folders.
pg() { PGPORT=$pg_port PGTESTDIR=$dir/postgres bash scripts/postgres.sh "$1"; }
rabbit() { RABBITMQ_TEST_PORT=$rabbit_port RABBITMQ_TEST_DIR=$dir/rabbitmq bash scripts/rabbitmq.sh "$1"; }

base_port() { case $1 in nots) echo "$nots_port" ;; novatech) echo "$novatech_port" ;; *) echo "unknown product $1 (nots|novatech)" >&2; exit 2 ;; esac; }
node_port() { echo $(( $(base_port "$1") + $2 )); }
pid_file() { echo "$dir/run/$1-$2.pid"; }
alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
ready() { curl -fs -o /dev/null --max-time 2 "http://127.0.0.1:$1/health/ready"; }

start_node() { # product index
  local product=$1 i=$2 port project dll api db
  port=$(node_port "$product" "$i")
  case $product in
    nots) project=Nots.Web; api=/v1; db=Nots ;;
    novatech) project=NovaTech.Web; api=/api/v1; db=NovaTech ;;
  esac
  dll=$dir/publish/$product/$project.dll
  [ -f "$dll" ] || { say "$dll is missing: run 'up' (it publishes the Release build)"; exit 1; }
  if alive "$(pid_file "$product" "$i")"; then
    say "$product-$i already runs (pid $(cat "$(pid_file "$product" "$i")"))"
    return 0
  fi
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    say "port $port (for $product-$i) is taken by another process"; exit 4
  fi
  mkdir -p "$dir/run" "$dir/logs" "$dir/mail/$product" "$dir/files/$product"
  (
    cd "$dir/publish/$product"
    export ASPNETCORE_ENVIRONMENT=Production
    export Urls="http://127.0.0.1:$port"
    export Database__Provider=Postgres
    export "ConnectionStrings__$db=Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=$product;Maximum Pool Size=40"
    export Messaging__Transport=RabbitMQ
    export Messaging__RabbitMQ__Uri="amqp://guest:guest@127.0.0.1:$rabbit_port/"
    # Webhooks go through the load balancer, so a dead node never strands a payment event.
    export Payments__Sandbox__WebhookUrl="http://127.0.0.1:$(base_port "$product")$api/webhooks/stripe"
    export Email__PickupDirectory="$dir/mail/$product"
    export Storage__Root="$dir/files/$product"
    export Bootstrap__OwnerEmail="$(owner_email "$product")"
    export Bootstrap__OwnerPassword="$CLUSTER_OWNER_PASSWORD"
    export Identity__RequireStaffMfa="$staff_mfa"
    # One client address (haproxy, the load tools) sends everything: the per-client limits would throttle the suites.
    export RateLimiting__PermitsPerMinute=1000000 RateLimiting__AuthPermitsPerMinute=100000
    export Logging__LogLevel__Default=Warning
    export DOTNET_gcServer=0 DOTNET_TieredPGO=1
    exec setsid dotnet "$dll" >>"$dir/logs/$product-$i.log" 2>&1 </dev/null
  ) &
  echo $! > "$(pid_file "$product" "$i")"
}

wait_ready() { # product index [seconds]
  local port i
  port=$(node_port "$1" "$2")
  for i in $(seq 1 $(( ${3:-180} * 4 ))); do
    if ready "$port"; then return 0; fi
    if ! alive "$(pid_file "$1" "$2")"; then
      say "$1-$2 exited; last lines of $dir/logs/$1-$2.log:"; tail -n 30 "$dir/logs/$1-$2.log" >&2; return 1
    fi
    sleep 0.25
  done
  say "$1-$2 not ready on $port; see $dir/logs/$1-$2.log"; return 1
}

owner_email() { case $1 in nots) echo owner@nots.cluster ;; novatech) echo admin@novatech.cluster ;; esac; }

stop_pid() { # pid-file [seconds]: TERM, then KILL after the grace period
  local file=$1 pid i
  [ -f "$file" ] || return 0
  pid=$(cat "$file")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 1 $(( ${2:-20} * 10 ))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then say "pid $pid did not stop in ${2:-20} s: kill -9"; kill -KILL "$pid" 2>/dev/null || true; fi
  fi
  rm -f "$file"
}

haproxy_config() {
  local product port i
  cat <<EOF
# Generated by deploy/local-cluster.sh: round robin, no stickiness; a node is taken out after 2 failed
# /health/ready checks (1 s apart) and put back after 2 good ones. Retries only re-send a request whose
# connection failed (the default retry-on), so a POST is never sent twice.
global
    maxconn 4096
    pidfile $dir/run/haproxy.pid
    log stderr format raw local0 warning

defaults
    mode http
    log global
    option dontlognull
    option forwardfor
    option redispatch
    retries 3
    timeout connect 2s
    timeout client 120s
    timeout server 120s
    timeout tunnel 1h
    timeout http-keep-alive 10s
    default-server inter 1s fastinter 250ms downinter 1s fall 2 rise 2

listen stats
    bind 127.0.0.1:$stats_port
    stats enable
    stats uri /
    stats refresh 5s
EOF
  for product in nots novatech; do
    port=$(base_port "$product")
    printf '\nfrontend %s\n    bind 127.0.0.1:%s\n    default_backend %s_nodes\n' "$product" "$port" "$product"
    printf '\nbackend %s_nodes\n    balance roundrobin\n    option httpchk GET /health/ready\n    http-check expect status 200\n' "$product"
    for i in $(seq 1 "$nodes"); do
      printf '    server %s-%s 127.0.0.1:%s check\n' "$product" "$i" "$(node_port "$product" "$i")"
    done
  done
}

install_haproxy() {
  command -v haproxy >/dev/null && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing haproxy (apt-get)"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy >/dev/null
  else
    say "haproxy is not installed (apt-get install haproxy)"; exit 3
  fi
}

psql_bin() { echo "$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)/psql"; }

case "$cmd" in
  up)
    build=1
    [ "${2:-}" = --no-build ] && build=0
    started=$(date +%s)
    install_haproxy
    mkdir -p "$dir/run" "$dir/logs"
    if [ -f "$state" ]; then
      # shellcheck disable=SC1090
      . "$state"
    fi
    CLUSTER_OWNER_PASSWORD=${CLUSTER_OWNER_PASSWORD:-Cluster-$(head -c 16 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 16)}
    umask 077
    cat > "$state" <<EOF
CLUSTER_NODES=$nodes
CLUSTER_PG_PORT=$pg_port
CLUSTER_RABBIT_PORT=$rabbit_port
NOTS_PORT=$nots_port
NOVATECH_PORT=$novatech_port
CLUSTER_STATS_PORT=$stats_port
CLUSTER_STAFF_MFA=$staff_mfa
CLUSTER_OWNER_PASSWORD=$CLUSTER_OWNER_PASSWORD
EOF
    umask 022
    # The broker boots (tens of seconds) while PostgreSQL starts and the build runs.
    rabbit start > "$dir/rabbitmq.uri" 2> "$dir/logs/rabbitmq-start.log" &
    rabbit_pid=$!
    pg start
    for database in nots novatech; do
      if ! "$(psql_bin)" -h 127.0.0.1 -p "$pg_port" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$database'" | grep -q 1; then
        "$(psql_bin)" -h 127.0.0.1 -p "$pg_port" -U postgres -qc "CREATE DATABASE $database" >/dev/null
      fi
    done
    if [ "$build" = 1 ] || [ ! -f "$dir/publish/nots/Nots.Web.dll" ] || [ ! -f "$dir/publish/novatech/NovaTech.Web.dll" ]; then
      say "publishing Release builds"
      dotnet publish src/Nots/Nots.Web/Nots.Web.csproj -c Release -m:1 -nologo -v q -o "$dir/publish/nots" >&2
      dotnet publish src/NovaTech/NovaTech.Web/NovaTech.Web.csproj -c Release -m:1 -nologo -v q -o "$dir/publish/novatech" >&2
    fi
    if ! wait "$rabbit_pid"; then cat "$dir/logs/rabbitmq-start.log" >&2; say "RabbitMQ did not start"; exit 1; fi
    # Node 1 of each product migrates the empty database first; the others then start together.
    for product in nots novatech; do start_node "$product" 1; done
    for product in nots novatech; do wait_ready "$product" 1; done
    for i in $(seq 2 "$nodes"); do for product in nots novatech; do start_node "$product" "$i"; done; done
    for i in $(seq 2 "$nodes"); do for product in nots novatech; do wait_ready "$product" "$i"; done; done
    haproxy_config > "$dir/haproxy.cfg"
    haproxy -c -q -f "$dir/haproxy.cfg"
    stop_pid "$dir/run/haproxy.pid" 5
    haproxy -D -f "$dir/haproxy.cfg" 2>>"$dir/logs/haproxy.log"
    for product in nots novatech; do
      port=$(base_port "$product")
      for _ in $(seq 1 40); do ready "$port" && break; sleep 0.25; done
      ready "$port" || { say "haproxy does not answer on $port"; exit 1; }
    done
    say "up in $(( $(date +%s) - started )) s: NOTS http://127.0.0.1:$nots_port, NovaTech http://127.0.0.1:$novatech_port ($nodes nodes each), haproxy stats http://127.0.0.1:$stats_port/"
    say "owners: $(owner_email nots), $(owner_email novatech); password in $state"
    ;;

  down)
    for product in nots novatech; do
      for file in "$dir"/run/"$product"-*.pid; do [ -e "$file" ] && stop_pid "$file" 20 & done
    done
    wait
    stop_pid "$dir/run/haproxy.pid" 5
    rabbit stop 2>/dev/null || true
    pg stop || true
    say "down"
    ;;

  status)
    for product in nots novatech; do
      for file in "$dir"/run/"$product"-*.pid; do
        [ -e "$file" ] || continue
        name=$(basename "$file" .pid); i=${name##*-}; port=$(node_port "$product" "$i")
        if alive "$file"; then
          printf '%-12s pid %-7s :%s %s\n' "$name" "$(cat "$file")" "$port" "$(ready "$port" && echo ready || echo 'not ready')"
        else
          printf '%-12s stopped\n' "$name"
        fi
      done
    done
    if alive "$dir/run/haproxy.pid"; then echo "haproxy      pid $(cat "$dir/run/haproxy.pid") :$nots_port :$novatech_port stats :$stats_port"; else echo "haproxy      stopped"; fi
    if "$(dirname "$(psql_bin)")/pg_isready" -q -h 127.0.0.1 -p "$pg_port" 2>/dev/null; then echo "postgres     :$pg_port"; else echo "postgres     stopped"; fi
    if (exec 3<>"/dev/tcp/127.0.0.1/$rabbit_port") 2>/dev/null; then echo "rabbitmq     :$rabbit_port"; else echo "rabbitmq     stopped"; fi
    ;;

  env)
    echo "TEST_CLUSTER_NOTS=http://127.0.0.1:$nots_port"
    echo "TEST_CLUSTER_NOVATECH=http://127.0.0.1:$novatech_port"
    echo "TEST_CLUSTER_NOTS_NODES=$(for i in $(seq 1 "$nodes"); do printf 'http://127.0.0.1:%s ' "$(node_port nots "$i")"; done | sed 's/ $//; s/ /,/g')"
    echo "TEST_CLUSTER_NOVATECH_NODES=$(for i in $(seq 1 "$nodes"); do printf 'http://127.0.0.1:%s ' "$(node_port novatech "$i")"; done | sed 's/ $//; s/ /,/g')"
    echo "TEST_CLUSTER_NOTS_DB=Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=nots"
    echo "TEST_CLUSTER_NOVATECH_DB=Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=novatech"
    echo "TEST_CLUSTER_NOTS_OWNER=$(owner_email nots)"
    echo "TEST_CLUSTER_NOVATECH_OWNER=$(owner_email novatech)"
    echo "TEST_CLUSTER_PASSWORD=${CLUSTER_OWNER_PASSWORD:-}"
    echo "TEST_CLUSTER_SCRIPT=$root/deploy/local-cluster.sh"
    ;;

  kill)
    product=${2:?product}; i=${3:?node}
    base_port "$product" >/dev/null
    file=$(pid_file "$product" "$i")
    alive "$file" || { say "$product-$i is not running"; exit 1; }
    kill -KILL "$(cat "$file")"
    rm -f "$file"
    say "killed $product-$i (kill -9)"
    ;;

  start-node)
    product=${2:?product}; i=${3:?node}
    base_port "$product" >/dev/null
    begin=$(date +%s%N)
    start_node "$product" "$i"
    wait_ready "$product" "$i"
    echo "$(( ($(date +%s%N) - begin) / 1000000 ))"
    say "$product-$i ready after $(( ($(date +%s%N) - begin) / 1000000 )) ms"
    ;;

  *) echo "usage: $0 up [--no-build]|down|status|env|kill PRODUCT I|start-node PRODUCT I" >&2; exit 2 ;;
esac
