#!/usr/bin/env bash
# Recovery after a restart under three JIT settings of the services, interleaved so that the
# machine's noise falls on all of them: the JVM's default (C2 for hot code), the relay with C1 only
# (cdc-relay/jvm.options as shipped), all three with C1 only. Runs `make chaos ARGS="1 3"` (kill -9
# of the relay; SIGTERM of relay and worker) ROUNDS times (default 3) per setting and prints each
# recovery line. The modules' jvm.options are put back as they were when it ends.
# Used for docs/RELIABILITY-HISTORY.md, "The JIT of a restarted service".
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
ROUNDS=${ROUNDS:-3}
saved=$(mktemp -d)
for module in api worker cdc-relay; do cp "$module/jvm.options" "$saved/$module"; done
restore() { for module in api worker cdc-relay; do cp "$saved/$module" "$module/jvm.options"; done; rm -rf "$saved"; }
trap restore EXIT
C1='-XX:TieredStopAtLevel=1'
NONE='# (none)'
set_options() { # api worker relay
  printf '%s\n' "$1" > api/jvm.options; printf '%s\n' "$2" > worker/jvm.options; printf '%s\n' "$3" > cdc-relay/jvm.options
}
for round in $(seq 1 "$ROUNDS"); do
  for setting in default relay-c1 all-c1; do
    case $setting in
      default) set_options "$NONE" "$NONE" "$NONE" ;;
      relay-c1) set_options "$NONE" "$NONE" "$C1" ;;
      all-c1) set_options "$C1" "$C1" "$C1" ;;
    esac
    echo "== round $round $setting"
    make chaos ARGS="1 3" 2>&1 | grep -E "^[13]\. " | sed 's/fault: .*recovered in/recovered in/; s/ -> .*//' | cut -c1-250 || true
  done
done
