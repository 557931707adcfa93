#!/usr/bin/env bash
# Renders HTML reports the way people see them: in headless Chromium, failing on a script error,
# and writes a full-page screenshot next to each (report.png). With node and npm it drives the
# browser with puppeteer-core (installed once into scripts/report-browser/node_modules from its
# lockfile): $CHROMIUM, else an installed Chromium (Debian: apt-get install chromium), else the npm
# package @sparticuz/chromium (the rule of scripts/report-browser/find-browser.sh).
# Without node, an installed Chromium's own --screenshot. With neither browser it says so and runs
# each page's own script under node against stand-ins for the DOM and uPlot.
#   scripts/check-reports.sh [report.html ...]   (default: every report under target/)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
mapfile -t pages < <(if [ $# -gt 0 ]; then printf '%s\n' "$@"; else find "$ROOT" -path '*/target/*' -name 'report.html' | sort; fi)
[ ${#pages[@]} -gt 0 ] || { echo "check-reports: no report.html found (run make loadtest, make bench or make chaos first)" >&2; exit 1; }
# Which Chromium: the one rule of scripts/report-browser/find-browser.sh (exits 2 on a bad $CHROMIUM).
browser=$("$ROOT/scripts/report-browser/find-browser.sh")
MODULES="$ROOT/scripts/report-browser/node_modules"
puppeteer=false
if command -v node >/dev/null && command -v npm >/dev/null; then
  if [ ! "$MODULES/.package-lock.json" -nt "$ROOT/scripts/report-browser/package-lock.json" ]; then
    echo "check-reports: installing puppeteer-core and @sparticuz/chromium from the lockfile (npm ci, once)"
    npm ci --prefix "$ROOT/scripts/report-browser" --no-audit --no-fund --loglevel=error >/dev/null || true
  fi
  [ -d "$MODULES/puppeteer-core" ] && puppeteer=true
fi
status=0
for page in "${pages[@]}"; do
  if $puppeteer; then
    if LANG=en_US.UTF-8 node "$ROOT/scripts/report-browser/render.mjs" "$(realpath "$page")" "${page%.html}.png"; then
      echo "check-reports: $page renders without script errors (${browser:-Chromium from npm}); screenshot ${page%.html}.png"
    else
      echo "check-reports: $page: script errors (above)"; status=1
    fi
  elif [ -n "$browser" ]; then
    log=$(mktemp)
    "$browser" --headless=new --disable-gpu --no-sandbox --enable-logging=stderr --v=0 --window-size=1100,2600 \
      --virtual-time-budget=5000 --screenshot="${page%.html}.png" "file://$(realpath "$page")" 2>"$log" >/dev/null || true
    if grep -E "Uncaught|SyntaxError|TypeError|ReferenceError" "$log"; then
      echo "check-reports: $page: script errors (above)"; status=1
    else
      echo "check-reports: $page renders without script errors; screenshot ${page%.html}.png"
    fi
    rm -f "$log"
  else
    command -v node >/dev/null || { echo "check-reports: neither Chromium nor node is installed: nothing checked" >&2; exit 2; }
    script=$(mktemp --suffix=.js)
    # The page's own script (the last <script> element; the one before it is the inlined uPlot), run
    # against stand-ins for the DOM and uPlot that check every chart gets aligned numeric series.
    cat >"$script" <<'STUBS'
const elements = {};
let made = 0;
const element = id => ({ id, innerHTML: "", textContent: "", children: [], appendChild(child) { this.children.push(child); return child; } });
globalThis.document = { body: { clientWidth: 1000 }, getElementById: id => (elements[id] = elements[id] || element(id)),
  createElement: tag => element(tag + "-" + (++made)), querySelectorAll: () => [] };
let charts = 0;
globalThis.uPlot = function (opts, data, target) {
  if (!target || !target.id) throw new Error("a chart without its element");
  if (data.length !== opts.series.length) throw new Error(target.id + ": " + data.length + " data arrays for " + opts.series.length + " series");
  data.forEach((values, i) => { if (values.length !== data[0].length) throw new Error(target.id + ": series " + i + " is not aligned"); });
  charts++;
};
uPlot.paths = { bars: () => () => null };
process.on("exit", code => { if (code === 0) console.log("  " + charts + " charts built"); });
STUBS
    awk '/<script>/{buf=""; on=1; sub(/.*<script>/, "")} on{buf=buf $0 "\n"} /<\/script>/{on=0} END{sub(/<\/script>.*/, "", buf); printf "%s", buf}' "$page" >>"$script"
    if node "$script"; then
      echo "check-reports: $page: Chromium is not installed here (apt-get install chromium): not rendered, but its script ran without error against stand-ins"
    else
      echo "check-reports: $page: its script failed"; status=1
    fi
    rm -f "$script"
  fi
done
exit $status
