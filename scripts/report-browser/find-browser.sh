#!/bin/sh
# The one rule for the Chromium that the project's browser scripts drive (browser.mjs: ConsoleIT,
# scripts/check-reports.sh, the README's screenshots). Prints the browser's absolute path:
#   1. $CHROMIUM, if set: a path, or a name found on the PATH;
#   2. else an installed chromium, chromium-browser, google-chrome or google-chrome-stable;
#   3. else nothing (exit 0): the caller uses the npm package @sparticuz/chromium.
# A $CHROMIUM that names no executable: one line on stderr naming the variable and the path, exit 2.
set -eu

absolute() { # an executable's path, made absolute
  case "$1" in
    /*) printf '%s\n' "$1" ;;
    *) printf '%s/%s\n' "$(cd "$(dirname "$1")" && pwd)" "$(basename "$1")" ;;
  esac
}

if [ -n "${CHROMIUM:-}" ]; then
  case "$CHROMIUM" in
    */*) found=$CHROMIUM ;;
    *) found=$(command -v -- "$CHROMIUM" 2>/dev/null || true) ;;
  esac
  if [ -z "$found" ] || [ ! -f "$found" ] || [ ! -x "$found" ]; then
    echo "CHROMIUM=$CHROMIUM: no executable file there; set CHROMIUM to a Chromium's path (or a name on the PATH), or unset it" >&2
    exit 2
  fi
  absolute "$found"
  exit 0
fi
for name in chromium chromium-browser google-chrome google-chrome-stable; do
  found=$(command -v -- "$name" 2>/dev/null || true)
  case "$found" in /*) [ -x "$found" ] && { printf '%s\n' "$found"; exit 0; } ;; esac
done
exit 0
