#!/usr/bin/env bash
# Runs api, relay and worker in the foreground, each output line prefixed with its service's
# name (like the seed's "outbox-demo-relay |"). Ctrl-C (or SIGTERM) stops all three cleanly.
# Expects `make build` and `make infras` to have run; `make run` does both first.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
API_PORT=${PORT:-3000}
# The shared JVM options, then each module's own <module>/jvm.options (JAVA_OPTS replaces both).
# The local demo: the services may fall back to the development secrets (docs/CONFIGURATION.md).
export OUTBOX_ENV=${OUTBOX_ENV:-dev}
pids=()
dumps=()

# Class-data sharing (the same rule as the harness's ClassDataArchive): a service starts from its
# module's jar with <module>/target/cds/<module>.jsa when that archive is newer than the jar; else it
# dumps the classes it loaded when it exits, into a file of its own, kept as the archive only after a
# clean exit (a dump cut short would crash the next JVM mapping it). It halves the time to ready.
start() { # name module main-class
  local name=$1 module=$2 main=$3 jar archive dump="" cds=()
  jar=$(ls "$ROOT/$module/target/$module"-*.jar 2>/dev/null | head -1)
  archive="$ROOT/$module/target/cds/$module.jsa"
  if [ -z "$jar" ]; then
    jar="$ROOT/$module/target/classes"
  elif [ -f "$archive" ] && [ ! "$archive" -ot "$jar" ]; then
    cds=("-XX:SharedArchiveFile=$archive")
  else
    mkdir -p "$(dirname "$archive")"
    dump="$archive.$$.$RANDOM.tmp"
    cds=("-XX:ArchiveClassesAtExit=$dump")
  fi
  local options=${JAVA_OPTS:-@$ROOT/service-jvm.options @$ROOT/$module/jvm.options}
  # shellcheck disable=SC2086 # a list of flags
  java $options "${cds[@]}" -cp "$jar:$ROOT/$module/target/lib/*" "$main" \
    > >(sed -u "s/^/$(printf '%-19s' "$name") | /") 2>&1 &
  pids+=($!)
  dumps+=("$dump:$archive")
}

stop_all() {
  trap - INT TERM
  echo "stopping services..."
  kill -TERM "${pids[@]}" 2>/dev/null || true
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
