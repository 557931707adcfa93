#!/usr/bin/env bash
# Runs api, relay and worker in the foreground, each output line prefixed with its service's
# name (like the seed's "outbox-demo-relay |"). Ctrl-C (or SIGTERM) stops all three cleanly.
# Expects `make build` and `make infras` to have run; `make run` does both first.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
API_PORT=${PORT:-3000}
JAVA_OPTS=${JAVA_OPTS:-@$ROOT/service-jvm.options}
# The local demo: the services may fall back to the development secrets (see the README).
export OUTBOX_ENV=${OUTBOX_ENV:-dev}
pids=()

start() { # name module main-class
  local name=$1 module=$2 main=$3
  # shellcheck disable=SC2086 # JAVA_OPTS is a list of flags
  java $JAVA_OPTS -cp "$ROOT/$module/target/classes:$ROOT/$module/target/lib/*" "$main" \
    > >(sed -u "s/^/$(printf '%-19s' "$name") | /") 2>&1 &
  pids+=($!)
}

stop_all() {
  trap - INT TERM
  echo "stopping services..."
  kill -TERM "${pids[@]}" 2>/dev/null || true
  wait "${pids[@]}" 2>/dev/null || true
  exit 0
}
trap stop_all INT TERM

[ -d "$ROOT/cdc-relay/target/lib" ] || { echo "run 'make build' first" >&2; exit 1; }

# The api creates the outbox table (its migrations), so it starts first.
start outbox-demo-api api dev.outboxcdc.api.Main
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$API_PORT/health" >/dev/null 2>&1 && break
  kill -0 "${pids[0]}" 2>/dev/null || { echo "the api failed to start" >&2; exit 1; }
  sleep 0.5
done
start outbox-demo-worker worker dev.outboxcdc.worker.Main
start outbox-demo-relay cdc-relay dev.outboxcdc.relay.Main
echo "api on http://localhost:$API_PORT — try the README's curl; Ctrl-C stops everything"
echo "metrics: api http://localhost:$API_PORT/metrics, relay http://localhost:${RELAY_ADMIN_PORT:-9101}/metrics," \
  "worker http://localhost:${WORKER_ADMIN_PORT:-9102}/metrics (and /health/ready on each)"

# If any service exits on its own, stop the others too: a half-running stack hides problems.
wait -n "${pids[@]}" || true
echo "a service exited; stopping the others"
stop_all
