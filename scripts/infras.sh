#!/usr/bin/env bash
# Brings the project's infrastructure up or down: a binlog-enabled MySQL-family database on
# 127.0.0.1:3307 (database `outbox`) and RabbitMQ on 127.0.0.1:5672.
#   - Docker engine answers  -> docker compose (MySQL 8.4 + RabbitMQ), config from mysql-config/.
#   - otherwise              -> a project-owned MariaDB (own datadir under .infra/, own port) and
#                               the installed RabbitMQ, started only if it is not already up.
# Idempotent. `down` stops only what `up` started (pids recorded under .infra/). Never touches the
# machine's own MariaDB on 3306.
#
# A second, separate database instance (own datadir or container, own port) is what `make test`,
# `make bench` and `make chaos` use, so that their rows, binlog purges and kills never reach the
# `make run` demo's database: OUTBOX_INFRA_STATE=.infra/test OUTBOX_INFRA_DB_PORT=3308
# OUTBOX_INFRA_PROJECT=outbox-cdc-test. RabbitMQ is one broker for both.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
STATE_SETTING=${OUTBOX_INFRA_STATE:-.infra}
case "$STATE_SETTING" in /*) STATE=$STATE_SETTING ;; *) STATE="$ROOT/$STATE_SETTING" ;; esac
DB_PORT=${OUTBOX_INFRA_DB_PORT:-3307}
PROJECT=${OUTBOX_INFRA_PROJECT:-outbox-cdc}
export OUTBOX_INFRA_DB_PORT=$DB_PORT
AMQP_PORT=${OUTBOX_INFRA_AMQP_PORT:-5672}
export OUTBOX_INFRA_AMQP_PORT=$AMQP_PORT
MARIADB_DIR="$STATE/mariadb"
RABBIT_MARK="$STATE/rabbitmq.started-by-us"

log() { echo "infras | $*"; }
die() { echo "infras | ERROR: $*" >&2; exit 1; }

docker_available() { command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_until() { # seconds description command...
  local deadline=$((SECONDS + $1)) what=$2; shift 2
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || die "$what did not become ready within the time limit"
    sleep 0.5
  done
}

# ---------------------------------------------------------------- Docker path
# The database in a compose project of its own ($PROJECT); the broker always in the default one.
compose_running() { # project service
  [ -n "$(docker compose -f "$ROOT/docker-compose.yml" -p "$1" ps --status running -q "$2" 2>/dev/null)" ]
}
docker_up() {
  log "Docker engine found: docker compose up (MySQL 8.4 as project $PROJECT on $DB_PORT, RabbitMQ on $AMQP_PORT)"
  if ! compose_running "$PROJECT" mysql && port_open "$DB_PORT"; then
    die "port $DB_PORT is taken by another process; stop it or set OUTBOX_INFRA_DB_PORT"
  fi
  if ! compose_running outbox-cdc rabbitmq && port_open "$AMQP_PORT"; then
    log "RabbitMQ already answers on $AMQP_PORT (not ours): using it"
    local use_running_broker=true
  fi
  docker compose -f "$ROOT/docker-compose.yml" -p "$PROJECT" up -d --wait mysql
  # init.sql is idempotent: applied on every start, grants a newer version needs reach old volumes.
  docker compose -f "$ROOT/docker-compose.yml" -p "$PROJECT" exec -T mysql mysql -uroot -proot-secret \
    <"$ROOT/mysql-config/init.sql" >/dev/null || die "mysql-config/init.sql failed"
  if [ "${use_running_broker:-false}" = false ]; then
    docker compose -f "$ROOT/docker-compose.yml" -p outbox-cdc up -d --wait rabbitmq
  fi
  mkdir -p "$STATE" && touch "$STATE/docker.started-by-us"
}
docker_down() { # [--volumes]
  docker compose -f "$ROOT/docker-compose.yml" -p "$PROJECT" down "$@"
  rm -f "$STATE/docker.started-by-us"
}

# ---------------------------------------------------------------- local MariaDB path
mariadb_pid() { cat "$MARIADB_DIR/run/mariadbd.pid" 2>/dev/null || true; }
mariadb_running() { local pid; pid=$(mariadb_pid); [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; }
mariadb_client() { mariadb --no-defaults --socket="$MARIADB_DIR/run/mariadbd.sock" -u"$(server_user)" "$@"; }

# mariadbd refuses to run as root unless told to; the datadir lives in the checkout, which the
# `mysql` account often cannot reach (a clone under /root), so as root the server runs as root.
server_user() { [ "$(id -u)" = 0 ] && echo root || id -un; }

mariadb_up() {
  command -v mariadbd >/dev/null 2>&1 || die "no Docker engine and no MariaDB server found: install Docker, or MariaDB (apt-get install mariadb-server) and RabbitMQ (apt-get install rabbitmq-server)"
  if mariadb_running; then
    log "MariaDB on $DB_PORT already running (pid $(mariadb_pid))"
    # The grants of a newer checkout (its new tables, its new users) reach a server already up.
    mariadb_client <"$ROOT/mysql-config/init.sql" || die "mysql-config/init.sql failed"
    return
  fi
  port_open "$DB_PORT" && die "port $DB_PORT is taken by another process; stop it or set OUTBOX_INFRA_DB_PORT"
  mkdir -p "$MARIADB_DIR/run" "$MARIADB_DIR/log"
  local fresh=false
  if [ ! -d "$MARIADB_DIR/data/mysql" ]; then
    fresh=true
    log "initialising a new MariaDB datadir in $MARIADB_DIR/data"
    mariadb-install-db --no-defaults --datadir="$MARIADB_DIR/data" --user="$(server_user)" \
      --auth-root-authentication-method=socket --skip-test-db >"$MARIADB_DIR/log/install.log" 2>&1 \
      || die "mariadb-install-db failed, see $MARIADB_DIR/log/install.log"
  fi
  log "starting MariaDB with a row-based binlog on 127.0.0.1:$DB_PORT"
  # setsid: the server must outlive this script and the terminal that ran `make`.
  setsid mariadbd --defaults-file="$ROOT/mysql-config/outbox-binlog.cnf" \
    --datadir="$MARIADB_DIR/data" --port="$DB_PORT" --bind-address=127.0.0.1 \
    --socket="$MARIADB_DIR/run/mariadbd.sock" --pid-file="$MARIADB_DIR/run/mariadbd.pid" \
    --log-error="$MARIADB_DIR/log/mariadbd.err" --user="$(server_user)" \
    </dev/null >/dev/null 2>&1 &
  wait_until 60 "MariaDB on port $DB_PORT" mariadb_client -e "SELECT 1"
  # init.sql is idempotent: applied on every start, so grants a newer version needs (its tables)
  # reach a datadir made by an older one.
  mariadb_client <"$ROOT/mysql-config/init.sql" || die "mysql-config/init.sql failed"
  if $fresh; then
    log "created database outbox and the service users"
  fi
}
mariadb_down() {
  local pid; pid=$(mariadb_pid)
  if [ -z "$pid" ] || ! kill -0 "$pid" 2>/dev/null; then log "MariaDB: not running"; return; fi
  log "stopping MariaDB (pid $pid)"
  kill "$pid"
  local deadline=$((SECONDS + 60))
  while kill -0 "$pid" 2>/dev/null; do
    [ $SECONDS -lt $deadline ] || { kill -9 "$pid"; break; }
    sleep 0.3
  done
}

# ---------------------------------------------------------------- local RabbitMQ path
rabbit_up() {
  if port_open "$AMQP_PORT"; then log "RabbitMQ answers on $AMQP_PORT"; return; fi
  command -v rabbitmq-server >/dev/null 2>&1 || die "RabbitMQ is not running on $AMQP_PORT and rabbitmq-server is not installed (apt-get install rabbitmq-server)"
  log "starting the installed RabbitMQ (rabbitmq-server -detached)"
  rabbitmq-server -detached
  mkdir -p "$STATE" && touch "$RABBIT_MARK"
  wait_until 90 "RabbitMQ on port $AMQP_PORT" port_open "$AMQP_PORT"
  # The port opens before the broker takes connections; wait for the app to be fully booted.
  wait_until 60 "RabbitMQ boot" rabbitmqctl await_startup
}
rabbit_down() {
  if [ -f "$RABBIT_MARK" ]; then
    log "stopping RabbitMQ (started by infras)"
    rabbitmqctl stop >/dev/null 2>&1 || true
    rm -f "$RABBIT_MARK"
  else
    log "RabbitMQ: left running (it was not started by infras)"
  fi
}

case "${1:-up}" in
  up)
    if docker_available; then docker_up; else mariadb_up; rabbit_up; fi
    log "ready: database 127.0.0.1:$DB_PORT/outbox ($STATE_SETTING), RabbitMQ 127.0.0.1:$AMQP_PORT"
    ;;
  down)
    if [ -f "$STATE/docker.started-by-us" ]; then docker_down; else mariadb_down; rabbit_down; fi
    ;;
  clean) # down, and delete the database's data: the compose volume, or the local datadir
    if [ -f "$STATE/docker.started-by-us" ] || { docker_available && compose_running "$PROJECT" mysql; }; then
      docker_down --volumes
    else
      mariadb_down; rabbit_down
    fi
    rm -rf "$STATE"
    log "deleted the database's data ($STATE_SETTING)"
    ;;
  *) die "usage: $0 up|down|clean" ;;
esac
