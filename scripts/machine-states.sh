#!/usr/bin/env bash
# Runs the tests whose outcome depends on the machine, in each state a user's machine may be in, and
# prints one table: state, what was run, result, seconds. Each state is set up and torn down here
# (a Chromium or node is hidden by a PATH without it; no package is removed). A state that cannot be
# set up says "not run: why"; the script exits non-zero only when a state that ran failed.
#   scripts/machine-states.sh [state ...]     (default: all, in this order; ~30 min)
# States: chromium no-chromium no-node stop-ctrl-c stop-term stop-hup stop-kill9 no-hash-plugin
#         port-taken beside-run
# Expects no `make run` of this checkout to be up (the states start their own). Logs under
# target/machine-states/.
set -uo pipefail
set -m # every background job in a process group of its own, as a terminal gives `make run`
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
OUT="$ROOT/target/machine-states"
mkdir -p "$OUT"
TEST_DB_PORT=${TEST_DB_PORT:-3308}
TEST_ENV=(OUTBOX_INFRA_STATE=.infra/test "OUTBOX_INFRA_DB_PORT=$TEST_DB_PORT" "DB_PORT=$TEST_DB_PORT" OUTBOX_ENV=dev)
MODULES=(api worker cdc-relay)
unset CHROMIUM # each state chooses its browser
ALL=(chromium no-chromium no-node stop-ctrl-c stop-term stop-hup stop-kill9 no-hash-plugin port-taken beside-run)
rows=()
failed=0
what=""
result=""

say() { echo "machine-states | $*" >&2; }

# ------------------------------------------------------------------ tests and PATHs
# Failsafe runs of the named IT classes in the named modules (installed once by prepare).
its() { # log modules classes [VAR=value ...]
  local log=$1 modules=$2 classes=$3
  shift 3
  env "${TEST_ENV[@]}" "$@" ./mvnw -B verify -pl "$modules" -Dit.test="$classes" -Dtest=none \
    -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false \
    -Dspotless.check.skip=true >"$log" 2>&1
}
# The totals of a Maven run's test lines (every module's summary line added up).
totals() {
  grep -E '^\[(INFO|WARNING|ERROR)\] Tests run: [0-9]+, Failures: [0-9]+, Errors: [0-9]+, Skipped: [0-9]+$' "$1" |
    awk -F'[:,] *' '{r+=$2; f+=$4; e+=$6; s+=$8} END {printf "tests run %d, failures %d, errors %d, skipped %d", r, f, e, s}'
}
skipped_in() { totals "$1" | sed 's/.*skipped //'; }

# A PATH of links to everything on the PATH except the programs whose names match $2.
path_without() { # name regex
  local dir="$OUT/path-$1" entry file name
  rm -rf "$dir" && mkdir -p "$dir"
  IFS=: read -ra entries <<<"$PATH"
  for entry in "${entries[@]}"; do
    for file in "$entry"/*; do
      name=${file##*/}
      [ -f "$file" ] && [ -x "$file" ] || continue
      [[ "$name" =~ $2 ]] && continue
      [ -e "$dir/$name" ] || ln -s "$file" "$dir/$name"
    done
  done
  echo "$dir"
}

# ------------------------------------------------------------------ make run, as a user runs it
demo=""
group=""
launcher=""
demo_ready() {
  curl -fs -o /dev/null http://127.0.0.1:3000/health && curl -fs -o /dev/null http://127.0.0.1:9101/health/ready &&
    curl -fs -o /dev/null http://127.0.0.1:9102/health/ready
}
demo_up() { curl -s -o /dev/null http://127.0.0.1:3000/health; }
start_demo() { # log
  make run >"$1" 2>&1 </dev/null &
  demo=$!
  group=$demo
  local deadline=$((SECONDS + 300))
  until demo_ready; do
    kill -0 "$demo" 2>/dev/null && [ $SECONDS -lt $deadline ] || return 1
    sleep 1
  done
  launcher=$(pgrep -o -g "$demo" -f run-services.sh)
}
# The seed's curl (a fresh email: the seed's own is taken after its first run); waits for the worker's line.
seed_curl() { # log -> the HTTP status, then the worker handled it within 60 s
  local email="machine-states-$RANDOM$RANDOM@example.com" status
  status=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Content-Type: application/json" \
    -d "{\"email\":\"$email\",\"name\":\"TESTTTTTT\"}" http://localhost:3000/customers)
  [ "$status" = 201 ] || { echo "the seed's curl answered $status"; return 1; }
  local deadline=$((SECONDS + 60))
  until grep -q "Handling \[CustomerCreated\].*$email" "$1"; do
    [ $SECONDS -lt $deadline ] || { echo "201, but the worker did not handle it within 60 s"; return 1; }
    sleep 0.5
  done
}
# The demo's services, or any other process of its group (the launcher adopting dumps, its watchdog).
services_running() {
  pgrep -f -- "-cp $ROOT/($(IFS='|'; echo "${MODULES[*]}"))/target" >/dev/null ||
    { [ -n "$group" ] && pgrep -g "$group" >/dev/null; }
}
wait_services_gone() {
  local deadline=$((SECONDS + 60))
  while services_running; do [ $SECONDS -lt $deadline ] || return 1; sleep 0.5; done
}
stop_demo() {
  [ -n "$demo" ] || return 0
  kill -TERM -- "-$demo" 2>/dev/null
  wait "$demo" 2>/dev/null
  demo=""
  wait_services_gone
}
run_archives() { local module; for module in "${MODULES[@]}"; do ls "$ROOT/$module"/target/cds/*.jsa 2>/dev/null; done; }
debris() { find "$ROOT" -path '*/node_modules' -prune -o -name '*.jsa.*.tmp' -print; }
demo_db() { mariadb --no-defaults --socket="$ROOT/.infra/mariadb/run/mariadbd.sock" -u"$(id -un)" -N outbox -e "$1"; }

# ------------------------------------------------------------------ the states
state_chromium() {
  local browser
  browser=$(scripts/report-browser/find-browser.sh)
  what="ConsoleIT with an installed Chromium"
  [ -n "$browser" ] || { result="not run: no Chromium is installed (Debian: apt-get install chromium)"; return 2; }
  browser_state chromium "$PATH" "$browser"
}
state_no-chromium() {
  what="ConsoleIT, Chromium hidden from PATH"
  browser_state no-chromium "$(path_without no-chromium '^(chromium|chromium-browser|google-chrome.*)$')" \
    "@sparticuz/chromium (npm)"
}
browser_state() { # name PATH expected-browser
  local log="$OUT/$1.log"
  its "$log" e2e ConsoleIT "PATH=$2" || { result="FAIL: $(totals "$log") ($log)"; return 1; }
  local drove
  drove=$(grep -ho "browser test drives .*" e2e/target/failsafe-reports/*ConsoleIT-output.txt | head -1)
  [ "$(skipped_in "$log")" = 0 ] || { result="FAIL: browser tests skipped: $(totals "$log")"; return 1; }
  [ "$drove" = "browser test drives $3" ] || { result="FAIL: expected $3, the test said: ${drove:-nothing}"; return 1; }
  result="PASS: $(totals "$log"); drove $3"
}

state_no-node() {
  local log="$OUT/no-node.log"
  what="ConsoleIT and ForeignConsumerIT, node and npm hidden from PATH"
  its "$log" cdc-relay,e2e ConsoleIT,ForeignConsumerIT \
    "PATH=$(path_without no-node '^(node|nodejs|npm|npx|corepack)$')" || {
    result="FAIL: $(totals "$log") ($log)"; return 1; }
  local why
  why=$(grep -ho 'node and npm are not installed[^"]*' e2e/target/failsafe-reports/TEST-*ConsoleIT.xml \
    cdc-relay/target/failsafe-reports/TEST-*ForeignConsumerIT.xml | sort -u | head -1)
  [ "$(skipped_in "$log")" -ge 3 ] && [ -n "$why" ] || { result="FAIL: the node tests were not skipped saying why: $(totals "$log")"; return 1; }
  result="PASS: $(totals "$log"); skipped: \"$why\""
}

stop_state() { # name description signal-command dumps-kept(true: a clean stop keeps every dump as the archive)
  local name=$1 log="$OUT/$1-run.log" clean=$4
  what="make run stopped by $2; ClassDataSharingIT; make run again"
  # Without archives every start dumps one: the case that leaves debris when a stop goes wrong.
  run_archives | xargs -r rm -f
  start_demo "$log" || { stop_demo; result="FAIL: make run was not ready within 300 s ($log)"; return 1; }
  local seen
  seen=$(seed_curl "$log") || { stop_demo; result="FAIL: $seen"; return 1; }
  eval "$3"
  wait "$demo" 2>/dev/null
  demo=""
  wait_services_gone || { pkill -TERM -f -- "-cp $ROOT/(api|worker|cdc-relay)/target"; result="FAIL: services still running 60 s after the stop"; return 1; }
  local left kept
  left=$(debris | wc -l)
  kept=$(run_archives | wc -l)
  if $clean && { [ "$left" != 0 ] || [ "$kept" != "${#MODULES[@]}" ]; }; then
    result="FAIL: a clean stop kept $kept of ${#MODULES[@]} archives and left $left dump(s)"; return 1
  fi
  its "$OUT/$name-its.log" e2e ClassDataSharingIT || { result="FAIL: ClassDataSharingIT: $(totals "$OUT/$name-its.log")"; return 1; }
  start_demo "$OUT/$name-rerun.log" || { stop_demo; result="FAIL: make run did not start again ($OUT/$name-rerun.log)"; return 1; }
  local after
  after=$(debris)
  stop_demo
  [ -z "$after" ] || { result="FAIL: after the next start: $after"; return 1; }
  result="PASS: all services gone; $kept archive(s) kept, $left dump(s) left by the stop; ClassDataSharingIT $(totals "$OUT/$name-its.log"); no *.jsa.*.tmp after the next start"
}
state_stop-ctrl-c() { stop_state stop-ctrl-c "Ctrl-C (SIGINT to its process group)" 'kill -INT -- "-$demo"' true; }
state_stop-term() { stop_state stop-term "kill -TERM -<pgid>" 'kill -TERM -- "-$demo"' true; }
state_stop-hup() { stop_state stop-hup "kill -HUP -<pgid> (terminal closed)" 'kill -HUP -- "-$demo"' true; }
# The watchdog stops the services; nobody keeps their dumps, which the next start deletes.
state_stop-kill9() { stop_state stop-kill9 "kill -9 of the launcher" 'kill -9 "$launcher"' false; }

state_no-hash-plugin() {
  local plugin=rabbitmq_consistent_hash_exchange log="$OUT/no-hash-plugin.log"
  what="$plugin disabled; make test-infras; the partition ITs"
  command -v rabbitmq-plugins >/dev/null || { result="not run: rabbitmq-plugins is not installed (the broker is not this machine's)"; return 2; }
  local refused
  refused=$(rabbitmq-plugins -q disable "$plugin" 2>&1) || { result="not run: cannot disable the plugin here: ${refused//$'\n'/ }"; return 2; }
  if rabbitmq-plugins -q list -e -m | grep -qx "$plugin"; then result="FAIL: still enabled after disable"; return 1; fi
  make test-infras >"$OUT/no-hash-plugin-infras.log" 2>&1 || { result="FAIL: make test-infras ($OUT/no-hash-plugin-infras.log)"; return 1; }
  its "$log" worker CustomerOrderInPartitionsIT,PartitionChangeIT || { result="FAIL: $(totals "$log")"; return 1; }
  [ "$(skipped_in "$log")" = 0 ] || { result="FAIL: skipped, make test-infras did not enable the plugin: $(totals "$log")"; return 1; }
  result="PASS: make test-infras enabled it; $(totals "$log")"
}

state_port-taken() {
  local log="$OUT/port-taken.log" pidfile="$ROOT/.infra/test/mariadb/run/mariadbd.pid" holder
  what="port $TEST_DB_PORT held by another process; make test"
  command -v python3 >/dev/null || { result="not run: python3 (which holds the port) is not installed"; return 2; }
  if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    local server; server=$(cat "$pidfile")
    kill "$server"
    while kill -0 "$server" 2>/dev/null; do sleep 0.3; done
  fi
  python3 -c "import socket, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('127.0.0.1', $TEST_DB_PORT)); s.listen(); time.sleep(900)" &
  holder=$!
  sleep 1
  local started=$SECONDS status=0
  timeout 600 make test >"$log" 2>&1 </dev/null || status=$?
  local took=$((SECONDS - started))
  kill "$holder" 2>/dev/null; wait "$holder" 2>/dev/null
  make test-infras >"$OUT/port-taken-infras.log" 2>&1 || say "could not restart the test database: $OUT/port-taken-infras.log"
  local line; line=$(grep -m1 "ERROR: port $TEST_DB_PORT is taken" "$log")
  if [ "$status" = 0 ] || [ -z "$line" ] || ! grep -q TEST_DB_PORT <<<"$line" || grep -qE 'Tests run:|Reactor Build Order' "$log"; then
    result="FAIL: exit $status after $took s; $(grep -m1 -E 'ERROR|Tests run' "$log")"; return 1
  fi
  result="PASS: make test stopped in $took s, exit $status, before Maven started: \"${line#*ERROR: }\""
}

state_beside-run() {
  local log="$OUT/beside-run-demo.log" suite="$OUT/beside-run-make-test.log"
  what="make run up; make test (the whole suite) beside it; the demo checked afterwards"
  start_demo "$log" || { stop_demo; result="FAIL: make run was not ready ($log)"; return 1; }
  local seen; seen=$(seed_curl "$log") || { stop_demo; result="FAIL: before the suite: $seen"; return 1; }
  local jvms archives queues customers offsets
  jvms=$(pgrep -P "$launcher" -x java | sort | tr '\n' ' ')
  archives=$(run_archives | xargs -r stat -c '%n %i %s %Y')
  queues=$(rabbitmqctl -q list_queues name 2>/dev/null | grep -E '^(worker\.|outbox\.)' | sort)
  customers=$(demo_db "SELECT COUNT(*) FROM customers")
  offsets=$(demo_db "SELECT offset_val FROM relay_offsets")
  local started=$SECONDS status=0
  make test >"$suite" 2>&1 </dev/null || status=$?
  local took=$((SECONDS - started)) problems=()
  [ "$status" = 0 ] || problems+=("make test failed (exit $status, $(totals "$suite"))")
  local jvm; for jvm in $jvms; do kill -0 "$jvm" 2>/dev/null || problems+=("demo JVM $jvm is gone"); done
  [ "$(run_archives | xargs -r stat -c '%n %i %s %Y')" = "$archives" ] || problems+=("the demo's archives changed")
  local missing; missing=$(comm -23 <(echo "$queues") <(rabbitmqctl -q list_queues name 2>/dev/null | sort) | tr '\n' ' ')
  [ -z "$missing" ] || problems+=("queues gone: $missing")
  [ "$(demo_db "SELECT COUNT(*) FROM customers")" -ge "$customers" ] || problems+=("customers lost")
  [ -n "$(demo_db "SELECT offset_val FROM relay_offsets")" ] || problems+=("the relay's offsets are gone")
  seen=$(seed_curl "$log") || problems+=("after the suite: $seen")
  local stray; stray=$(grep -c "Handling \[" "$log")
  stop_demo
  if [ ${#problems[@]} -gt 0 ]; then result="FAIL: $(IFS=';'; echo "${problems[*]}")"; return 1; fi
  result="PASS: make test passed in $took s ($(totals "$suite")); the demo: its $(wc -w <<<"$jvms") JVMs still up, archives untouched, $(wc -l <<<"$queues") queues kept, customers $customers -> $(demo_db "SELECT COUNT(*) FROM customers"), offsets kept (was ${offsets:0:60}...), handled the seed's curl after the suite ($stray events handled in all)"
}

# ------------------------------------------------------------------ run
prepare() {
  if demo_up; then say "port 3000 answers: stop your make run first (the states start their own)"; exit 2; fi
  say "building and installing the modules once (the states run single test classes with -pl)"
  ./mvnw -B -q install -DskipTests -Dspotless.check.skip=true >"$OUT/prepare.log" 2>&1 || { say "build failed: $OUT/prepare.log"; exit 2; }
  make infras >>"$OUT/prepare.log" 2>&1 && make test-infras >>"$OUT/prepare.log" 2>&1 || { say "infras failed: $OUT/prepare.log"; exit 2; }
}
trap 'stop_demo; exit 130' INT TERM

states=("$@")
[ ${#states[@]} -gt 0 ] || states=("${ALL[@]}")
for state in "${states[@]}"; do
  declare -F "state_$state" >/dev/null || { say "unknown state '$state'; states: ${ALL[*]}"; exit 2; }
done
prepare
for state in "${states[@]}"; do
  say "state $state ..."
  started=$SECONDS
  "state_$state"
  code=$?
  [ $code = 1 ] && failed=1
  rows+=("| $state | $what | $result | $((SECONDS - started)) |")
  say "${rows[-1]}"
done

echo
echo "machine states, $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD)"
echo "| state | what was run | result | seconds |"
echo "|---|---|---|---|"
printf '%s\n' "${rows[@]}"
exit $failed
