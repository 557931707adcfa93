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
#
# BROKER_NODES=3 starts a local RabbitMQ cluster of three nodes instead of using the single broker
# (scripts/broker-cluster.sh: 127.0.0.1:5681-5683, data under .infra/broker); the services reach it
# through AMQP_ADDRESSES, which the Makefile sets from the same variable. `down` stops it.
#
# TLS: every database this script starts serves TLS with the project's own certificates
# (scripts/tls-certs.sh, made once under .infra/tls: a CA, and a certificate for `localhost`). TLS=1
# makes the database refuse plaintext connections (require_secure_transport=ON; TLS=0, the default,
# turns that off again) and starts a RabbitMQ node of the project's own that speaks TLS only
# (scripts/broker-tls.sh: amqps://localhost:5671); OUTBOX_INFRA_TLS_BROKER=1 starts that node without
# requiring TLS of the database (make test: its TLS tests require it for their own time).
#
# REPLICA=1 (local MariaDB path) also starts a second MariaDB on OUTBOX_INFRA_REPLICA_PORT
# (default: the database port + 10, so 3317) as a semi-synchronous GTID replica of the first, seeded
# from a dump of it. `scripts/infras.sh promote` turns that replica into a primary, as an operator
# does when the primary is gone (docs/OPERATIONS.md, "Database failover"); `replica-discard` stops it
# and deletes its data.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
STATE_SETTING=${OUTBOX_INFRA_STATE:-.infra}
case "$STATE_SETTING" in /*) STATE=$STATE_SETTING ;; *) STATE="$ROOT/$STATE_SETTING" ;; esac
DB_PORT=${OUTBOX_INFRA_DB_PORT:-3307}
# The setting that chooses DB_PORT as the user sets it (make test: TEST_DB_PORT), for errors.
DB_PORT_SETTING=${OUTBOX_INFRA_DB_PORT_SETTING:-OUTBOX_INFRA_DB_PORT}
PROJECT=${OUTBOX_INFRA_PROJECT:-outbox-cdc}
export OUTBOX_INFRA_DB_PORT=$DB_PORT
AMQP_PORT=${OUTBOX_INFRA_AMQP_PORT:-5672}
export OUTBOX_INFRA_AMQP_PORT=$AMQP_PORT
MARIADB_DIR="$STATE/mariadb"
REPLICA=${REPLICA:-0}
REPLICA_PORT=${OUTBOX_INFRA_REPLICA_PORT:-$((DB_PORT + 10))}
REPLICA_DIR="$STATE/mariadb-replica"
# The replication account of mysql-config/init.sql (local development only, as every secret there).
REPLICATION_USER=outbox_replication
REPLICATION_PASSWORD=replication-secret
RABBIT_MARK="$STATE/rabbitmq.started-by-us"
BROKER_NODES=${BROKER_NODES:-1}
TLS=${TLS:-0}
[[ "$TLS" =~ ^[01]$ ]] || { echo "infras | ERROR: TLS must be 1 or 0, not '$TLS'" >&2; exit 2; }
TLS_BROKER=${OUTBOX_INFRA_TLS_BROKER:-$TLS}
[ "$TLS" = 1 ] && [ "$BROKER_NODES" != 1 ] && { echo "infras | ERROR: TLS=1 runs one TLS broker node; with BROKER_NODES=$BROKER_NODES configure TLS on the cluster's nodes yourself (docs/OPERATIONS.md, TLS)" >&2; exit 2; }
TLS_DIR="$ROOT/.infra/tls"
[[ "$BROKER_NODES" =~ ^[1-9][0-9]*$ ]] || { echo "infras | ERROR: BROKER_NODES must be a positive integer, not '$BROKER_NODES'" >&2; exit 2; }

log() { echo "infras | $*"; }
die() { echo "infras | ERROR: $*" >&2; exit 1; }

docker_available() { command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# Who listens on a port, where ss can tell (as root, or for the user's own processes).
port_holder() { command -v ss >/dev/null 2>&1 && ss -Hltnp "sport = :$1" 2>/dev/null | grep -o 'users:(("[^"]*",pid=[0-9]*' | head -1 | sed 's/users:(("\(.*\)",pid=\(.*\)/ (\1, pid \2)/' || true; }
port_taken() { # port setting
  die "port $1 is taken by another process$(port_holder "$1"); stop it, or set $2 to a free port (e.g. $2=$(($1 + 100)))"
}

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
docker_up_database_only() {
  log "Docker engine found: docker compose up (MySQL 8.4 as project $PROJECT on $DB_PORT)"
  if ! compose_running "$PROJECT" mysql && port_open "$DB_PORT"; then port_taken "$DB_PORT" "$DB_PORT_SETTING"; fi
  docker compose -f "$ROOT/docker-compose.yml" -p "$PROJECT" up -d --wait mysql
  # init.sql is idempotent: applied on every start, grants a newer version needs reach old volumes.
  docker compose -f "$ROOT/docker-compose.yml" -p "$PROJECT" exec -T mysql mysql -uroot -proot-secret \
    <"$ROOT/mysql-config/init.sql" >/dev/null || die "mysql-config/init.sql failed"
  mkdir -p "$STATE" && touch "$STATE/docker.started-by-us"
}
docker_up() {
  docker_up_database_only
  if ! compose_running outbox-cdc rabbitmq && port_open "$AMQP_PORT"; then
    log "RabbitMQ already answers on $AMQP_PORT (not ours): using it"
  else
    log "RabbitMQ on $AMQP_PORT"
    docker compose -f "$ROOT/docker-compose.yml" -p outbox-cdc up -d --wait rabbitmq
  fi
}
# The three-node cluster of the compose profile `cluster` (ports 5681-5683, as the local one).
docker_cluster_up() {
  log "RabbitMQ cluster: docker compose --profile cluster up (127.0.0.1:5681-5683)"
  docker compose -f "$ROOT/docker-compose.yml" -p outbox-cdc --profile cluster up -d --wait rabbitmq-1 rabbitmq-2 rabbitmq-3
}
docker_down() { # [--volumes]
  docker compose -f "$ROOT/docker-compose.yml" -p "$PROJECT" down "$@"
  rm -f "$STATE/docker.started-by-us"
}

# ---------------------------------------------------------------- local MariaDB path
# Each server: a directory (data/, run/, log/) and a port. The primary is $MARIADB_DIR.
mariadb_pid() { cat "${1:-$MARIADB_DIR}/run/mariadbd.pid" 2>/dev/null || true; }
mariadb_running() { local pid; pid=$(mariadb_pid "${1:-$MARIADB_DIR}"); [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; }
mariadb_client() { mariadb --no-defaults --socket="$MARIADB_DIR/run/mariadbd.sock" -u"$(server_user)" "$@"; }
replica_client() { mariadb --no-defaults --socket="$REPLICA_DIR/run/mariadbd.sock" -u"$(server_user)" "$@"; }

# mariadbd refuses to run as root unless told to; the datadir lives in the checkout, which the
# `mysql` account often cannot reach (a clone under /root), so as root the server runs as root.
server_user() { [ "$(id -u)" = 0 ] && echo root || id -un; }

require_mariadb() {
  command -v mariadbd >/dev/null 2>&1 || die "no Docker engine and no MariaDB server found: install Docker, or MariaDB (apt-get install mariadb-server) and RabbitMQ (apt-get install rabbitmq-server)"
}

# Initialises the datadir if there is none; prints true if it did.
mariadb_install() { # dir
  if [ -d "$1/data/mysql" ]; then echo false; return; fi
  mkdir -p "$1/run" "$1/log"
  log "initialising a new MariaDB datadir in $1/data" >&2
  mariadb-install-db --no-defaults --datadir="$1/data" --user="$(server_user)" \
    --auth-root-authentication-method=socket --skip-test-db >"$1/log/install.log" 2>&1 \
    || die "mariadb-install-db failed, see $1/log/install.log"
  echo true
}

mariadb_start() { # dir port setting [server options...]
  local dir=$1 port=$2 setting=$3; shift 3
  if port_open "$port"; then port_taken "$port" "$setting"; fi
  mkdir -p "$dir/run" "$dir/log"
  rm -f "$dir/run/mariadbd.pid"
  "$ROOT/scripts/tls-certs.sh" "$TLS_DIR"
  # setsid: the server must outlive this script and the terminal that ran `make`.
  setsid mariadbd --defaults-file="$ROOT/mysql-config/outbox-binlog.cnf" \
    --datadir="$dir/data" --port="$port" --bind-address=127.0.0.1 \
    --socket="$dir/run/mariadbd.sock" --pid-file="$dir/run/mariadbd.pid" \
    --log-error="$dir/log/mariadbd.err" --user="$(server_user)" \
    --ssl-ca="$TLS_DIR/ca.pem" --ssl-cert="$TLS_DIR/server.pem" --ssl-key="$TLS_DIR/server.key" "$@" \
    </dev/null >/dev/null 2>&1 &
  wait_until 60 "MariaDB on port $port" mariadb --no-defaults --socket="$dir/run/mariadbd.sock" -u"$(server_user)" -e "SELECT 1"
}

mariadb_up() {
  require_mariadb
  if mariadb_running && [ "$(mariadb_client -N -e "SELECT @@have_ssl = 'YES' AND @@performance_schema = 1")" != 1 ]; then
    log "MariaDB on $DB_PORT runs without TLS or performance_schema (started by an older checkout): restarting it"
    mariadb_stop "$MARIADB_DIR" "MariaDB"
  fi
  if mariadb_running; then
    local port; port=$(mariadb_client -N -e "SELECT @@port")
    [ "$port" = "$DB_PORT" ] || die "the database of $STATE_SETTING runs on port $port, not $DB_PORT ($DB_PORT_SETTING): stop it first (make infras-down), then start again"
    log "MariaDB on $DB_PORT already running (pid $(mariadb_pid))"
    # The grants of a newer checkout (its new tables, its new users) reach a server already up.
    mariadb_client <"$ROOT/mysql-config/init.sql" || die "mysql-config/init.sql failed"
    mariadb_transport
    return
  fi
  local fresh; fresh=$(mariadb_install "$MARIADB_DIR")
  log "starting MariaDB with a row-based binlog on 127.0.0.1:$DB_PORT"
  mariadb_start "$MARIADB_DIR" "$DB_PORT" "$DB_PORT_SETTING"
  # init.sql is idempotent: applied on every start, so grants a newer version needs (its tables)
  # reach a datadir made by an older one.
  mariadb_client <"$ROOT/mysql-config/init.sql" || die "mysql-config/init.sql failed"
  if $fresh; then
    log "created database outbox and the service users"
  fi
  mariadb_transport
}
# TLS=1: plaintext connections over TCP refused (the socket this script uses stays allowed).
mariadb_transport() {
  local required=OFF; [ "$TLS" = 1 ] && required=ON
  mariadb_client -e "SET GLOBAL require_secure_transport = $required" || die "could not set require_secure_transport"
  [ "$TLS" = 1 ] && log "MariaDB on $DB_PORT accepts TLS connections only (CA: .infra/tls/ca.pem, host name localhost)"
  return 0
}

mariadb_stop() { # dir name
  local pid; pid=$(mariadb_pid "$1")
  if [ -z "$pid" ] || ! kill -0 "$pid" 2>/dev/null; then log "$2: not running"; return; fi
  log "stopping $2 (pid $pid)"
  kill "$pid"
  local deadline=$((SECONDS + 60))
  while kill -0 "$pid" 2>/dev/null; do
    [ $SECONDS -lt $deadline ] || { kill -9 "$pid"; break; }
    sleep 0.3
  done
}
mariadb_down() {
  mariadb_stop "$REPLICA_DIR" "MariaDB replica"
  mariadb_stop "$MARIADB_DIR" "MariaDB"
}

# ---------------------------------------------------------------- local MariaDB replica (REPLICA=1)
# A GTID replica that writes what it replicates to a binlog of its own with the primary's GTIDs
# (log_slave_updates), so that the relay can resume on it by GTID once it is promoted. Replication is
# semi-synchronous with the AFTER_SYNC wait point: the primary answers a COMMIT only once the
# replica has the transaction, so a 201 is never lost to a failover (at a round trip per commit).
semi_sync_on_primary() {
  mariadb_client -e "SET GLOBAL rpl_semi_sync_master_wait_point = AFTER_SYNC;
    SET GLOBAL rpl_semi_sync_master_timeout = 5000; SET GLOBAL rpl_semi_sync_master_enabled = ON;" \
    || die "could not enable semi-synchronous replication on the primary"
}

replica_up() {
  if mariadb_running "$REPLICA_DIR"; then
    log "MariaDB replica on $REPLICA_PORT already running (pid $(mariadb_pid "$REPLICA_DIR"))"
    semi_sync_on_primary
    return
  fi
  local fresh; fresh=$(mariadb_install "$REPLICA_DIR")
  log "starting the MariaDB replica on 127.0.0.1:$REPLICA_PORT"
  mariadb_start "$REPLICA_DIR" "$REPLICA_PORT" OUTBOX_INFRA_REPLICA_PORT --server-id=2 --log-slave-updates=ON --gtid-strict-mode=ON \
    --read-only=ON --rpl-semi-sync-slave-enabled=ON
  if $fresh; then replica_seed; fi
  semi_sync_on_primary
  replica_client -e "START SLAVE" \
    || die "START SLAVE failed on the replica (a promoted one? scripts/infras.sh replica-discard starts over with a fresh copy)"
  wait_until 60 "replication to 127.0.0.1:$REPLICA_PORT" replica_threads_running
  log "replica on $REPLICA_PORT replicates $DB_PORT from GTID $(replica_client -N -e 'SELECT @@gtid_slave_pos')"
}

replica_threads_running() {
  replica_client -e "SHOW SLAVE STATUS\G" | grep -q "Slave_SQL_Running: Yes" \
    && replica_client -e "SHOW SLAVE STATUS\G" | grep -q "Slave_IO_Running: Yes"
}

# Users and grants (the grant tables), then every application database at one consistent GTID position; loaded
# without binlogging, and the replica's binlog then starts at that position, so that it claims only
# the transactions it really holds.
replica_seed() {
  local databases
  databases=$(mariadb_client -N -e "SELECT schema_name FROM information_schema.schemata
    WHERE schema_name NOT IN ('mysql', 'information_schema', 'performance_schema', 'sys')")
  log "seeding the replica from a dump of the primary ($(echo "$databases" | wc -w) databases)"
  { echo "SET SESSION sql_log_bin = 0;"
    # The grant tables as they are (GRANT statements would refuse grants on tables not created yet).
    echo "USE mysql;"
    mariadb-dump --no-defaults --socket="$MARIADB_DIR/run/mariadbd.sock" -u"$(server_user)" --replace --no-create-info \
      mysql global_priv db tables_priv columns_priv procs_priv proxies_priv roles_mapping
    echo "FLUSH PRIVILEGES;"
    # shellcheck disable=SC2086 # one word per database
    mariadb-dump --no-defaults --socket="$MARIADB_DIR/run/mariadbd.sock" -u"$(server_user)" \
      --single-transaction --master-data=1 --gtid --databases $databases
  } | replica_client || die "loading the primary's dump into the replica failed"
  local position; position=$(replica_client -N -e "SELECT @@gtid_slave_pos")
  replica_client -e "RESET MASTER; SET GLOBAL gtid_binlog_state = '$position';
    CHANGE MASTER TO MASTER_HOST = '127.0.0.1', MASTER_PORT = $DB_PORT, MASTER_USER = '$REPLICATION_USER',
      MASTER_PASSWORD = '$REPLICATION_PASSWORD', MASTER_USE_GTID = slave_pos, MASTER_CONNECT_RETRY = 1,
      MASTER_SSL = 1, MASTER_SSL_CA = '$TLS_DIR/ca.pem';" \
    || die "configuring replication on the replica failed"
}

# What an operator does once the primary is gone: stop replicating, forget the old primary, write
# in a GTID domain of its own, accept writes. The services are then pointed at $REPLICA_PORT and
# restarted. The new domain keeps the old primary's GTID stream in @@gtid_binlog_pos, which
# Debezium 3.5's MariaDB connector compares per domain *and server id* before it resumes
# (debezium/dbz#1672, fixed after 3.5): with the old domain, the new primary's first write would
# hide the relay's stored position from that check and the relay would refuse to start.
replica_promote() {
  mariadb_running "$REPLICA_DIR" || die "no replica is running under $REPLICA_DIR (start it with REPLICA=1)"
  local domains domain
  domains=$(replica_client -N -e "SELECT @@gtid_binlog_state" | tr ',' '\n' | cut -d- -f1 | sort -n)
  domain=$(( ${domains##*$'\n'} + 1 ))
  # Apply what the replica received before it stops being one: semi-sync acknowledged those
  # transactions to the primary's clients once they were in the relay log, not once they were
  # applied, and RESET SLAVE ALL deletes the relay log.
  replica_client -e "STOP SLAVE IO_THREAD" || die "stopping the replica's IO thread failed"
  local received applied
  received=$(replica_client -e "SHOW SLAVE STATUS\G" | awk -F': ' '/Gtid_IO_Pos/ {print $2}')
  applied=$(replica_client -N -e "SELECT MASTER_GTID_WAIT('$received', 60)")
  [ "$applied" = "0" ] || die "the replica did not apply what it received ($received) within 60 s"
  replica_client -e "STOP SLAVE; RESET SLAVE ALL; SET GLOBAL rpl_semi_sync_slave_enabled = OFF;
    SET GLOBAL gtid_domain_id = $domain;" || die "promoting the replica failed"
  # A session keeps the gtid_domain_id it started with: one that services (with DB_FAILOVER_HOSTS)
  # opened while this was a replica would write in the old primary's domain, a fork that makes the
  # relay's stored GTIDs look unavailable here. End them before the server takes writes.
  local session
  for session in $(replica_client -N -e "SELECT id FROM information_schema.processlist
      WHERE id <> CONNECTION_ID() AND user NOT IN ('system user', 'event_scheduler', '')"); do
    replica_client -e "KILL CONNECTION $session" 2>/dev/null || true  # it may have ended on its own meanwhile
  done
  replica_client -e "SET GLOBAL read_only = OFF" || die "promoting the replica failed"
  log "promoted: 127.0.0.1:$REPLICA_PORT is a primary at GTID $(replica_client -N -e 'SELECT @@gtid_binlog_pos');" \
    "services with DB_FAILOVER_HOSTS=127.0.0.1:$REPLICA_PORT follow it on their own; point others at it (DB_PORT=$REPLICA_PORT) and restart them"
}

# ---------------------------------------------------------------- local RabbitMQ path
rabbit_up() {
  if port_open "$AMQP_PORT"; then log "RabbitMQ answers on $AMQP_PORT"; rabbit_plugins; return; fi
  command -v rabbitmq-server >/dev/null 2>&1 || die "RabbitMQ is not running on $AMQP_PORT and rabbitmq-server is not installed (apt-get install rabbitmq-server)"
  log "starting the installed RabbitMQ (rabbitmq-server -detached)"
  rabbitmq-server -detached
  mkdir -p "$STATE" && touch "$RABBIT_MARK"
  wait_until 90 "RabbitMQ on port $AMQP_PORT" port_open "$AMQP_PORT"
  # The port opens before the broker takes connections; wait for the app to be fully booted.
  wait_until 60 "RabbitMQ boot" rabbitmqctl await_startup
  rabbit_plugins
}
# The worker's partitions (WORKER_PARTITIONS > 1) need the consistent-hash exchange, a plugin
# shipped with RabbitMQ: enabled on the local broker (online, kept across its restarts).
rabbit_plugins() {
  command -v rabbitmq-plugins >/dev/null 2>&1 || return 0
  if ! rabbitmq-plugins -q list -e -m 2>/dev/null | grep -qx rabbitmq_consistent_hash_exchange; then
    log "enabling the RabbitMQ plugin rabbitmq_consistent_hash_exchange (for WORKER_PARTITIONS)"
    rabbitmq-plugins -q enable rabbitmq_consistent_hash_exchange >/dev/null 2>&1 ||
      log "could not enable it: a worker with WORKER_PARTITIONS > 1 will say so and not start"
  fi
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

# The services' own broker users (rabbitmq-config/users.tsv) on every broker this script uses.
broker_users() {
  if docker_available && { compose_running outbox-cdc rabbitmq || compose_running outbox-cdc rabbitmq-1; }; then
    : # the compose file's brokers load them at boot (docker/rabbitmq/definitions.json)
  elif [ "$BROKER_NODES" -gt 1 ]; then
    RABBITMQCTL="$ROOT/scripts/broker-cluster.sh ctl 1" "$ROOT/scripts/broker-users.sh"
  else
    "$ROOT/scripts/broker-users.sh" || die "could not create the services' broker users on 127.0.0.1:$AMQP_PORT; rabbitmqctl must reach it (run as root or as the rabbitmq user)"
  fi
  if [ "$TLS_BROKER" = 1 ]; then RABBITMQCTL="$ROOT/scripts/broker-tls.sh ctl 1" "$ROOT/scripts/broker-users.sh"; fi
}

replica_only_local() {
  [ "$REPLICA" = 1 ] && docker_available && die "REPLICA=1 starts a local MariaDB replica; with Docker (MySQL 8.4) set up the replica as docs/SCALING.md describes"
  return 0
}

case "${1:-up}" in
  up)
    replica_only_local
    if [ "$BROKER_NODES" -gt 1 ]; then
      [ "$BROKER_NODES" = 3 ] || die "BROKER_NODES=3 for a cluster (a majority survives one node), or 1"
      if docker_available; then docker_up_database_only; docker_cluster_up; else mariadb_up; "$ROOT/scripts/broker-cluster.sh" up; fi
      broker="RabbitMQ cluster 127.0.0.1:5681,127.0.0.1:5682,127.0.0.1:5683"
    else
      if docker_available; then docker_up; else mariadb_up; rabbit_up; fi
      broker="RabbitMQ 127.0.0.1:$AMQP_PORT"
    fi
    if [ "$REPLICA" = 1 ]; then replica_up; fi
    if [ "$TLS_BROKER" = 1 ]; then "$ROOT/scripts/broker-tls.sh" up; broker="$broker, RabbitMQ (TLS only) amqps://localhost:5671"; fi
    broker_users
    log "ready: database 127.0.0.1:$DB_PORT/outbox ($STATE_SETTING), $broker$(\
      [ "$REPLICA" = 1 ] && echo ", replica 127.0.0.1:$REPLICA_PORT")"
    ;;
  down)
    if [ -f "$STATE/docker.started-by-us" ]; then docker_down; else mariadb_down; rabbit_down; fi
    if [ "$BROKER_NODES" -gt 1 ] || [ -d "$ROOT/.infra/broker" ]; then "$ROOT/scripts/broker-cluster.sh" down; fi
    if [ -d "$ROOT/.infra/broker-tls" ]; then "$ROOT/scripts/broker-tls.sh" down; fi
    ;;
  promote)
    replica_promote
    ;;
  replica-discard) # stop the replica and delete its data (a promoted one too)
    mariadb_stop "$REPLICA_DIR" "MariaDB replica"
    rm -rf "$REPLICA_DIR"
    log "deleted the replica's data"
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
  *) die "usage: $0 up|down|clean|promote|replica-discard   (REPLICA=1 $0 up: with a replica)" ;;
esac
