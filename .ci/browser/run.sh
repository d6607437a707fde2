#!/usr/bin/env bash
# Browser journeys with axe-core (issue 22): installs Chromium, its driver, selenium and axe-core if missing, makes a
# demo database with the bluelamp binary given, serves it on a free port, runs journeys.py, stops the server.
#
#   bash .ci/browser/run.sh .build/debug/bluelamp [journeys.py options, e.g. --report-only]
#
# Screenshots, axe.json and summary.txt go to ${BLUELAMP_BROWSER_OUT:-/tmp/bluelamp-browser}. Exit status is
# journeys.py's. Runs as root with no standard input (as in CI).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bin="${1:?usage: run.sh PATH/TO/bluelamp [journeys.py options]}"
shift
bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"
out="${BLUELAMP_BROWSER_OUT:-/tmp/bluelamp-browser}"
cache="${BLUELAMP_BROWSER_CACHE:-/tmp/bluelamp-browser-tools}"
mkdir -p "$out" "$cache"

# Chromium and its driver from Debian (Selenium Manager would try to download a browser, which fails offline).
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  echo "== installing chromium and chromium-driver =="
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
fi

# selenium in a venv of its own.
if ! "$cache/venv/bin/python" -c "import selenium" >/dev/null 2>&1; then
  echo "== installing selenium =="
  python3 -m venv "$cache/venv"
  "$cache/venv/bin/pip" install --quiet --disable-pip-version-check selenium==4.51.0
fi

# axe-core: the copy inside the PyPI wheel axe-playwright-python (the wheel only, not Playwright).
axe="$cache/axe.min.js"
if [ ! -s "$axe" ]; then
  echo "== fetching axe-core (from the axe-playwright-python wheel) =="
  rm -rf "$cache/wheel"
  "$cache/venv/bin/pip" download --quiet --disable-pip-version-check --no-deps -d "$cache/wheel" axe-playwright-python==0.1.8
  "$cache/venv/bin/python" - "$cache/wheel" "$axe" <<'PY'
import sys, zipfile, pathlib
wheel = next(pathlib.Path(sys.argv[1]).glob("*.whl"))
with zipfile.ZipFile(wheel) as z:
    pathlib.Path(sys.argv[2]).write_bytes(z.read("axe_playwright_python/axe.min.js"))
PY
fi
echo "axe-core: $(head -n 1 "$axe" | sed 's/[/*! ]*//')"

work="$(mktemp -d)"
server=""
# Stops the server this script started and removes its demo database, whatever happens.
cleanup() {
  if [ -n "$server" ]; then kill "$server" >/dev/null 2>&1 || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "== demo database =="
"$bin" demo --no-serve --scale small --database "$work/demo.sqlite" >"$work/demo.log" 2>&1 \
  || { tail -n 20 "$work/demo.log"; exit 1; }
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
BLUELAMP_LOG_LEVEL=warning "$bin" serve --database "$work/demo.sqlite" --port "$port" >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 60); do curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 1; done
curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null || { echo "the server did not start:"; tail -n 30 "$work/server.log"; exit 1; }

echo "== journeys (chromium $(chromium --version 2>/dev/null | awk '{print $2}')) =="
status=0
"$cache/venv/bin/python" "$here/journeys.py" --base-url "http://127.0.0.1:$port" --out "$out" --axe "$axe" "$@" \
  || status=$?
if [ "$status" -ne 0 ]; then echo "server log (last lines):"; tail -n 20 "$work/server.log"; fi
exit "$status"
