#!/usr/bin/env bash
# Starts (or stops) a throw-away RabbitMQ node for the test suites on 127.0.0.1:${RABBITMQ_TEST_PORT:-5673}
# (Debian's rabbitmq-server; no management plugin). Idempotent: "start" on a running node only checks it.
# Everything lives under /tmp/platform-rabbitmq-<port>: data, logs, and its own HOME with the Erlang cookie,
# so the node never collides with a system RabbitMQ on 5672 or with another user's cookie.
#   scripts/rabbitmq.sh start   -> prints the AMQP URI on stdout (amqp://guest:guest@127.0.0.1:5673/)
#   scripts/rabbitmq.sh stop
set -euo pipefail
cmd=${1:-start}
port=${RABBITMQ_TEST_PORT:-5673}
dir=${RABBITMQ_TEST_DIR:-/tmp/platform-rabbitmq-$port}
bin=/usr/lib/rabbitmq/bin
uri="amqp://guest:guest@127.0.0.1:$port/"

export RABBITMQ_NODENAME=rabbit-test-$port@localhost
export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
export RABBITMQ_NODE_PORT=$port
export RABBITMQ_DIST_PORT=$((port + 20000))
export RABBITMQ_MNESIA_BASE=$dir/mnesia
export RABBITMQ_LOG_BASE=$dir/log
export RABBITMQ_PID_FILE=$dir/rabbit.pid
export RABBITMQ_CONFIG_FILE=$dir/rabbitmq.conf
export RABBITMQ_ENABLED_PLUGINS_FILE=$dir/enabled_plugins
export RABBITMQ_CONF_ENV_FILE=$dir/rabbitmq-env.conf
export RABBITMQ_USE_LONGNAME=false
# The node and the CLI tools authenticate with $HOME/.erlang.cookie: give both the same private HOME.
export HOME=$dir/home

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; }

ctl() { timeout "${2:-30}" "$bin/rabbitmqctl" -q -n "$RABBITMQ_NODENAME" "$1"; }

case "$cmd" in
  start)
    if [ ! -x "$bin/rabbitmq-server" ]; then
      if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "Installing rabbitmq-server (apt-get)..." >&2
        apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq rabbitmq-server >/dev/null
      else
        echo "rabbitmq-server is not installed (apt-get install rabbitmq-server)." >&2
        exit 3
      fi
    fi
    if [ -d "$HOME" ] && port_open && ctl ping 10 >/dev/null 2>&1; then
      echo "RabbitMQ already running on 127.0.0.1:$port" >&2
      echo "$uri"
      exit 0
    fi
    if port_open; then
      echo "Port $port is taken by something that is not our test node; set RABBITMQ_TEST_PORT." >&2
      exit 4
    fi
    # A node left half-dead by a previous run: stop it before wiping its files.
    if [ -f "$RABBITMQ_PID_FILE" ] && kill -0 "$(cat "$RABBITMQ_PID_FILE")" 2>/dev/null; then
      kill "$(cat "$RABBITMQ_PID_FILE")" 2>/dev/null || true
      sleep 2
    fi
    rm -rf "$dir"
    mkdir -p "$HOME" "$RABBITMQ_MNESIA_BASE" "$RABBITMQ_LOG_BASE"
    head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$HOME/.erlang.cookie"
    chmod 400 "$HOME/.erlang.cookie"
    echo "[]." > "$RABBITMQ_ENABLED_PLUGINS_FILE"
    : > "$RABBITMQ_CONF_ENV_FILE"
    cat > "$RABBITMQ_CONFIG_FILE" <<EOF
listeners.tcp.default = 127.0.0.1:$port
log.file.level = warning
log.console = false
disk_free_limit.absolute = 50MB
EOF
    "$bin/rabbitmq-server" -detached >"$dir/startup.log" 2>&1 || true
    # await_startup waits for the boot to finish once the Erlang node answers at all.
    for _ in $(seq 1 60); do
      if ctl await_startup 60 >/dev/null 2>&1 && port_open; then
        echo "RabbitMQ running on 127.0.0.1:$port ($dir)" >&2
        echo "$uri"
        exit 0
      fi
      sleep 1
    done
    echo "RabbitMQ did not start; see $dir/startup.log and $RABBITMQ_LOG_BASE" >&2
    tail -n 20 "$dir/startup.log" "$RABBITMQ_LOG_BASE"/*.log 2>/dev/null >&2 || true
    exit 1
    ;;
  stop)
    if [ -d "$HOME" ]; then
      ctl shutdown 60 >/dev/null 2>&1 || { [ -f "$RABBITMQ_PID_FILE" ] && kill "$(cat "$RABBITMQ_PID_FILE")" 2>/dev/null; } || true
    fi
    echo "RabbitMQ on $port stopped" >&2
    ;;
  uri) echo "$uri" ;;
  *) echo "usage: $0 start|stop|uri" >&2; exit 2 ;;
esac
