#!/usr/bin/env bash
# A local RabbitMQ cluster of BROKER_NODES nodes (default 3) of the installed rabbitmq-server, next
# to the machine's own broker on 5672, which it never touches:
#   node i = outbox-broker-<i>@localhost, AMQP on 127.0.0.1:<base + i - 1> (base
#   OUTBOX_INFRA_BROKER_PORT, default 5681), Erlang distribution on <base + 20000 + i - 1>, its data,
#   logs and pid under .infra/broker/node<i>, one Erlang cookie (.infra/broker/.erlang.cookie),
#   plugins: rabbitmq_consistent_hash_exchange (the worker's partitions).
# One cluster for `make run` and for `make test`/`bench`/`chaos`, as the single broker is one.
# The nodes run as the calling user with the packaged scripts, each with its own config file, so
# that /etc/rabbitmq (the machine broker's config) does not apply to them.
#
#   broker-cluster.sh up             start the nodes (those not running), cluster them, print the addresses
#   broker-cluster.sh down           stop every node (data kept)
#   broker-cluster.sh clean          down, and delete the cluster's data
#   broker-cluster.sh addresses      print AMQP_ADDRESSES for the services
#   broker-cluster.sh kill <i>       kill -9 node i (chaos)
#   broker-cluster.sh pause <i> | resume <i>   SIGSTOP / SIGCONT node i (a node that stops answering)
#   broker-cluster.sh start <i> | stop <i>     one node
#   broker-cluster.sh ctl <i> <rabbitmqctl args...>   rabbitmqctl against node i
#
# scripts/broker-tls.sh runs this script for a node of another kind: OUTBOX_BROKER_NAME (the nodes'
# name prefix), OUTBOX_BROKER_DIR (their data) and OUTBOX_BROKER_TLS_DIR (a directory with ca.pem,
# server.pem, server.key: the nodes then listen with TLS only, plaintext off).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
NODES=${BROKER_NODES:-3}
BASE_PORT=${OUTBOX_INFRA_BROKER_PORT:-5681}
NAME=${OUTBOX_BROKER_NAME:-outbox-broker}
DIR=${OUTBOX_BROKER_DIR:-$ROOT/.infra/broker}
TLS_DIR=${OUTBOX_BROKER_TLS_DIR:-}
RABBIT_BIN=${RABBIT_BIN:-/usr/lib/rabbitmq/bin}

log() { echo "broker | $*"; }
die() { echo "broker | ERROR: $*" >&2; exit 1; }

[[ "$NODES" =~ ^[1-9][0-9]*$ ]] || die "BROKER_NODES must be a positive integer, not '$NODES'"

node_name() { echo "$NAME-$1@localhost"; }
amqp_port() { echo $((BASE_PORT + $1 - 1)); }
dist_port() { echo $((BASE_PORT + 20000 + $1 - 1)); }
node_dir() { echo "$DIR/node$1"; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Everything the packaged scripts read, pointed at this node's own files.
node_env() { # i command...
  local i=$1 dir; dir=$(node_dir "$1"); shift
  env HOME="$DIR" \
    RABBITMQ_NODENAME="$(node_name "$i")" \
    RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 \
    RABBITMQ_NODE_PORT="$(amqp_port "$i")" \
    RABBITMQ_DIST_PORT="$(dist_port "$i")" \
    RABBITMQ_CONF_ENV_FILE="$dir/rabbitmq-env.conf" \
    RABBITMQ_CONFIG_FILE="$dir/rabbitmq.conf" \
    RABBITMQ_ADVANCED_CONFIG_FILE="$dir/advanced.config" \
    RABBITMQ_ENABLED_PLUGINS_FILE="$DIR/enabled_plugins" \
    RABBITMQ_MNESIA_BASE="$dir/mnesia" \
    RABBITMQ_LOG_BASE="$dir/log" \
    RABBITMQ_PID_FILE="$dir/rabbitmq.pid" \
    ERL_EPMD_ADDRESS=127.0.0.1 \
    "$@"
}
ctl() { # i args...
  local i=$1; shift
  node_env "$i" "$RABBIT_BIN/rabbitmqctl" -n "$(node_name "$i")" "$@"
}
node_pid() { cat "$(node_dir "$1")/rabbitmq.pid" 2>/dev/null || true; }
node_running() { local pid; pid=$(node_pid "$1"); [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; }

prepare() {
  [ -x "$RABBIT_BIN/rabbitmq-server" ] || die "no rabbitmq-server in $RABBIT_BIN (apt-get install rabbitmq-server)"
  mkdir -p "$DIR"
  if [ ! -f "$DIR/.erlang.cookie" ]; then
    (umask 077 && head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$DIR/.erlang.cookie")
    chmod 400 "$DIR/.erlang.cookie"
  fi
  echo "[rabbitmq_consistent_hash_exchange]." > "$DIR/enabled_plugins"
  for i in $(seq 1 "$NODES"); do
    local dir; dir=$(node_dir "$i")
    mkdir -p "$dir/log" "$dir/mnesia"
    : > "$dir/rabbitmq-env.conf"
    [ -f "$dir/advanced.config" ] || echo "[]." > "$dir/advanced.config"
    { if [ -n "$TLS_DIR" ]; then listeners_tls "$i"; else echo "listeners.tcp.default = 127.0.0.1:$(amqp_port "$i")"; fi
      cat <<EOF
loopback_users = none
log.file.level = info
log.console = false
# A node that loses its peers stops serving rather than diverge (3 nodes: a majority of 2).
cluster_partition_handling = pause_minority
EOF
    } > "$dir/rabbitmq.conf"
  done
}
# TLS only: no plaintext listener; a client certificate is asked for, not required.
listeners_tls() { # i
  cat <<EOF
listeners.tcp = none
listeners.ssl.default = 127.0.0.1:$(amqp_port "$1")
ssl_options.cacertfile = $TLS_DIR/ca.pem
ssl_options.certfile = $TLS_DIR/server.pem
ssl_options.keyfile = $TLS_DIR/server.key
ssl_options.verify = verify_peer
ssl_options.fail_if_no_peer_cert = false
ssl_options.versions.1 = tlsv1.3
ssl_options.versions.2 = tlsv1.2
EOF
}

start_node() { # i
  local i=$1
  if node_running "$i"; then return; fi
  port_open "$(amqp_port "$i")" && die "port $(amqp_port "$i") is taken by another process (set ${OUTBOX_BROKER_PORT_SETTING:-OUTBOX_INFRA_BROKER_PORT})"
  node_env "$i" "$RABBIT_BIN/rabbitmq-server" -detached >/dev/null
}

await_node() { # i
  local i=$1 deadline=$((SECONDS + 120)) gone_since=""
  until ctl "$i" await_startup --timeout 5 >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || die "$(node_name "$i") did not start within 120 s; its log: $(node_dir "$i")/log"
    # -detached returns before the node writes its pid file: only a node missing for 15 s has exited.
    if node_running "$i"; then gone_since=""; else gone_since=${gone_since:-$SECONDS}; fi
    [ -z "$gone_since" ] || [ $((SECONDS - gone_since)) -lt 15 ] ||
      die "$(node_name "$i") exited at start; its log: $(node_dir "$i")/log"
    sleep 0.5
  done
}

clustered_with_first() { # i
  ctl "$i" cluster_status --formatter json 2>/dev/null | grep -q "\"$(node_name 1)\""
}

join_first() { # i
  local i=$1
  clustered_with_first "$i" && return
  log "joining $(node_name "$i") to $(node_name 1)"
  ctl "$i" stop_app >/dev/null
  ctl "$i" join_cluster "$(node_name 1)" >/dev/null
  ctl "$i" start_app >/dev/null
}

addresses() {
  local list=""
  for i in $(seq 1 "$NODES"); do list="$list${list:+,}127.0.0.1:$(amqp_port "$i")"; done
  echo "$list"
}

up() {
  prepare
  for i in $(seq 1 "$NODES"); do start_node "$i"; done
  for i in $(seq 1 "$NODES"); do await_node "$i"; done
  for i in $(seq 2 "$NODES"); do join_first "$i"; done
  local running
  running=$(ctl 1 cluster_status --formatter json | grep -o '"running_nodes":\[[^]]*\]' | grep -o "$NAME-[0-9]*" | wc -l)
  [ "$running" = "$NODES" ] || die "the cluster runs $running of $NODES nodes: $(ctl 1 cluster_status)"
  if [ -n "$TLS_DIR" ]; then
    log "$(node_name 1) up, TLS only: amqps://localhost:$(amqp_port 1) (data in ${DIR#"$ROOT"/})"
  else
    log "cluster of $NODES nodes up (${DIR#"$ROOT"/}): AMQP_ADDRESSES=$(addresses)"
  fi
}

stop_node() { # i
  local i=$1 pid
  pid=$(node_pid "$i")
  node_running "$i" || return 0
  kill -CONT "$pid" 2>/dev/null || true
  ctl "$i" stop >/dev/null 2>&1 || kill "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + 60))
  while kill -0 "$pid" 2>/dev/null; do
    [ $SECONDS -lt $deadline ] || { kill -9 "$pid" 2>/dev/null || true; break; }
    sleep 0.5
  done
}

down() {
  [ -d "$DIR" ] || { log "no cluster here (${DIR#"$ROOT"/})"; return; }
  # The last node to stop must be the first to start again: stop the others first, node 1 last.
  for i in $(seq "$NODES" -1 1); do
    if node_running "$i"; then log "stopping $(node_name "$i")"; stop_node "$i"; fi
  done
}

node_arg() { [[ "${1:-}" =~ ^[0-9]+$ ]] && [ "$1" -ge 1 ] && [ "$1" -le "$NODES" ] || die "a node number 1..$NODES, not '${1:-}'"; }

case "${1:-up}" in
  up) up ;;
  down) down ;;
  clean) down; rm -rf "$DIR"; log "deleted the cluster's data" ;;
  addresses) addresses ;;
  kill) node_arg "${2:-}"; pid=$(node_pid "$2"); [ -n "$pid" ] && kill -9 "$pid"; log "killed $(node_name "$2") (pid $pid)" ;;
  pause) node_arg "${2:-}"; kill -STOP "$(node_pid "$2")"; log "paused $(node_name "$2")" ;;
  resume) node_arg "${2:-}"; kill -CONT "$(node_pid "$2")"; log "resumed $(node_name "$2")" ;;
  start) node_arg "${2:-}"; prepare; start_node "$2"; await_node "$2"; log "started $(node_name "$2")" ;;
  stop) node_arg "${2:-}"; stop_node "$2"; log "stopped $(node_name "$2")" ;;
  ctl) node_arg "${2:-}"; i=$2; shift 2; ctl "$i" "$@" ;;
  *) die "usage: $0 up|down|clean|addresses|kill <i>|pause <i>|resume <i>|start <i>|stop <i>|ctl <i> <args>" ;;
esac
