#!/usr/bin/env bash
# Runs api, relay and worker in the foreground, each output line prefixed with its service's
# name (like the seed's "outbox-demo-relay |"). Ctrl-C (or SIGTERM) stops them all cleanly.
# WITH=loyalty adds the second subscriber of examples/loyalty (its own database, loyalty).
# Expects `make build` and `make infras` to have run; `make run` does both first.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
API_PORT=${PORT:-3000}
# The shared JVM options, then each module's own <module>/jvm.options (JAVA_OPTS replaces both).
# The local demo: the services may fall back to the development secrets (docs/CONFIGURATION.md).
export OUTBOX_ENV=${OUTBOX_ENV:-dev}
pids=()
dumps=()

# Class-data sharing (the same rule as the harness's ClassDataArchive, whose starts keep archives of
# their own under target/cds/harness): a service starts from its module's jar with
# <module>/target/cds/<module>.jsa when that archive is newer than the jar; else it dumps the classes
# it loaded when it exits, into <module>.jsa.<its pid>.tmp, which becomes the archive by an atomic
# rename only after a clean exit (a dump cut short would crash the next JVM mapping it; a file a
# running JVM has mapped is never written again). It halves the time to ready. A dump whose JVM is
# gone (a launcher killed with -9) is deleted by the next start.
delete_orphan_dumps() { # archive
  local dump pid
  for dump in "$1".*.tmp; do
    [ -e "$dump" ] || continue
    pid=${dump#"$1".}; pid=${pid%%.*}
    if ! [[ "$pid" =~ ^[0-9]+$ ]] || ! kill -0 "$pid" 2>/dev/null; then rm -f "$dump"; fi
  done
}

start() { # name module-directory main-class [VAR=value...]
  local name=$1 module=$2 main=$3 jar archive dumping=false cds=() settings=("${@:4}")
  jar=$(ls "$ROOT/$module/target/$(basename "$module")"-*.jar 2>/dev/null | head -1)
  archive="$ROOT/$module/target/cds/$(basename "$module").jsa"
  mkdir -p "$(dirname "$archive")"
  delete_orphan_dumps "$archive"
  if [ -z "$jar" ]; then
    jar="$ROOT/$module/target/classes"
  elif [ -f "$archive" ] && [ ! "$archive" -ot "$jar" ]; then
    cds=("-XX:SharedArchiveFile=$archive")
  else
    dumping=true
  fi
  local options=${JAVA_OPTS:-@$ROOT/service-jvm.options @$ROOT/$module/jvm.options}
  # exec: the JVM keeps the subshell's pid, which names its dump
  # shellcheck disable=SC2086 # a list of flags
  (
    if $dumping; then cds=("-XX:ArchiveClassesAtExit=$archive.$BASHPID.tmp"); fi
    exec env "${settings[@]}" java $options "${cds[@]}" -cp "$jar:$ROOT/$module/target/lib/*" "$main"
  ) > >(sed -u "s/^/$(printf '%-19s' "$name") | /") 2>&1 &
  pids+=($!)
  if $dumping; then dumps+=("$archive.$!.tmp:$archive"); else dumps+=(""); fi
}

stop_all() {
  # The stop in progress must finish: make forwards a SIGTERM it got to this script once more, and a
  # second Ctrl-C would kill the launcher before it keeps the services' class-data dumps.
  trap '' INT TERM HUP
  set +e  # a closed terminal makes every echo fail: the stop must still complete
  echo "stopping services..." 2>/dev/null
  [ -z "${watchdog:-}" ] || kill "$watchdog" 2>/dev/null
  kill -TERM "${pids[@]}" 2>/dev/null
  local i status dump
  for i in "${!pids[@]}"; do
    status=0
    wait "${pids[$i]}" 2>/dev/null || status=$?
    dump=${dumps[$i]%%:*}
    [ -n "$dump" ] || continue
    if [ "$status" -eq 0 ] && [ -s "$dump" ]; then mv -f "$dump" "${dumps[$i]#*:}"; else rm -f "$dump"; fi
  done
  exit 0
}
# INT: Ctrl-C; TERM: kill, timeout, a supervisor; HUP: the terminal was closed.
trap stop_all INT TERM HUP

[ -d "$ROOT/cdc-relay/target/lib" ] || { echo "run 'make build' first" >&2; exit 1; }
case "${WITH:-}" in
  "" | loyalty) ;;
  *) echo "WITH=$WITH: the one service that can be added is loyalty (make run WITH=loyalty)" >&2; exit 2 ;;
esac

# TLS=1 (make run TLS=1, after make infras TLS=1): every link with TLS, checked against the project's
# CA, by the host name its certificate holds; what the caller set itself wins.
if [ "${TLS:-0}" = 1 ]; then
  export DB_HOST=${DB_HOST:-localhost} DB_TLS=${DB_TLS:-verify_full} DB_TLS_CA_FILE=${DB_TLS_CA_FILE:-$ROOT/.infra/tls/ca.pem} \
    AMQP_TLS_CA_FILE=${AMQP_TLS_CA_FILE:-$ROOT/.infra/tls/ca.pem}
  echo "TLS=1: database localhost:${DB_PORT:-3307} with DB_TLS=$DB_TLS, broker amqps://localhost:5671, CA .infra/tls/ca.pem"
fi
# Each service as its own broker user (rabbitmq-config/users.tsv, which make infras creates) unless
# AMQP_URI is set: the relay, which may not declare the worker's queue, leaves that to the worker.
broker_uri() { # user password
  if [ -n "${AMQP_URI:-}" ]; then echo "$AMQP_URI"
  elif [ "${TLS:-0}" = 1 ]; then echo "amqps://$1:$2@localhost:5671/%2F"
  else echo "amqp://$1:$2@127.0.0.1:5672/%2F"; fi
}

# The api creates the outbox table (its migrations), so it starts first.
start outbox-demo-api api dev.outboxcdc.api.Main
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$API_PORT/health" >/dev/null 2>&1 && break
  kill -0 "${pids[0]}" 2>/dev/null || { echo "the api failed to start" >&2; exit 1; }
  sleep 0.5
done
start outbox-demo-worker worker dev.outboxcdc.worker.Main "AMQP_URI=$(broker_uri outbox_worker worker-secret)"
if [ "${WITH:-}" = loyalty ]; then
  loyalty_db="jdbc:mariadb://${DB_HOST:-127.0.0.1}:${DB_PORT:-3307}/loyalty"
  if [ "${TLS:-0}" = 1 ]; then loyalty_db+="?sslMode=verify-full&serverSslCert=$DB_TLS_CA_FILE"; fi
  start outbox-demo-loyalty examples/loyalty dev.outboxcdc.examples.loyalty.LoyaltyService \
    "LOYALTY_AMQP_URI=$(broker_uri outbox_loyalty loyalty-secret)" "LOYALTY_DB_URL=$loyalty_db" \
    "LOYALTY_AMQP_TLS_CA_FILE=${AMQP_TLS_CA_FILE:-}" "LOYALTY_AMQP_ADDRESSES=${AMQP_ADDRESSES:-}"
fi
start outbox-demo-relay cdc-relay dev.outboxcdc.relay.Main "AMQP_URI=$(broker_uri outbox_relay relay-secret)" \
  "RELAY_DECLARES_SUBSCRIBER=${RELAY_DECLARES_SUBSCRIBER:-false}"
# A launcher killed with -9 cannot stop its services: this watchdog does, once the launcher is gone
# (their dumps are then deleted by the next start).
launcher=$$
( trap '' HUP INT; while kill -0 "$launcher" 2>/dev/null; do sleep 1; done; kill -TERM "${pids[@]}" 2>/dev/null ) &
watchdog=$!
echo "api on http://localhost:$API_PORT — try the README's curl; Ctrl-C stops everything"
echo "metrics: api http://localhost:$API_PORT/metrics, relay http://localhost:${RELAY_ADMIN_PORT:-9101}/metrics," \
  "worker http://localhost:${WORKER_ADMIN_PORT:-9102}/metrics (and /health/ready on each)"

# If any service exits on its own, stop the others too: a half-running stack hides problems.
wait -n "${pids[@]}" || true
echo "a service exited; stopping the others"
stop_all
