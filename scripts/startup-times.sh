#!/usr/bin/env bash
# Prints each service's time from JVM start to ready (its own "ready ... after its JVM started" line),
# each service started ALONE against `make run`'s infrastructure, with its JVM options as `make run`
# gives them (service-jvm.options, then <module>/jvm.options), N times without its class-data archive
# and N times with it (the archive made by a first, clean start). Expects `make build` and
# `make infras`; stop `make run` first. Usage: scripts/startup-times.sh [N=3]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
ROUNDS=${1:-3}
export OUTBOX_ENV=${OUTBOX_ENV:-dev}
LOG=$(mktemp)
trap 'rm -f "$LOG"' EXIT
for port in 3000 9101 9102; do
  if curl -s -o /dev/null "http://127.0.0.1:$port/health/live"; then
    echo "port $port answers: stop \`make run\` first (the times would include another stack's CPU)" >&2; exit 1
  fi
done

ready_seconds() { # module main [extra JVM options...]: start, wait for ready, SIGTERM, print the seconds
  local module=$1 main=$2; shift 2
  local jar pid
  jar=$(ls "$ROOT/$module/target/$module"-*.jar)
  java "@$ROOT/service-jvm.options" "@$ROOT/$module/jvm.options" "$@" -cp "$jar:$ROOT/$module/target/lib/*" "$main" >"$LOG" 2>&1 &
  pid=$!
  for _ in $(seq 1 1200); do
    grep -q "ready .* after its JVM started" "$LOG" && break
    kill -0 "$pid" 2>/dev/null || { echo "$module exited before it was ready:" >&2; tail -5 "$LOG" >&2; exit 1; }
    sleep 0.05
  done
  kill -TERM "$pid"; wait "$pid" || true
  grep -o "ready [0-9.]* s after its JVM started" "$LOG" | awk '{print $2}'
}

printf '| service | without archive, s | with archive, s |\n|---|---|---|\n'
for service in "api dev.outboxcdc.api.Main" "worker dev.outboxcdc.worker.Main" "cdc-relay dev.outboxcdc.relay.Main"; do
  read -r module main <<<"$service"
  archive=$(mktemp -u --suffix=.jsa)
  without=() with=()
  for _ in $(seq 1 "$ROUNDS"); do without+=("$(ready_seconds "$module" "$main")"); done
  ready_seconds "$module" "$main" "-XX:ArchiveClassesAtExit=$archive" >/dev/null
  for _ in $(seq 1 "$ROUNDS"); do with+=("$(ready_seconds "$module" "$main" "-XX:SharedArchiveFile=$archive")"); done
  rm -f "$archive"
  printf '| %s | %s | %s |\n' "$module" "$(IFS=,; echo "${without[*]}" | sed 's/,/, /g')" "$(IFS=,; echo "${with[*]}" | sed 's/,/, /g')"
done
