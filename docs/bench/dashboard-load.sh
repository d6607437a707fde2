#!/bin/bash
# The PEEL dashboard one request at a time and under load: serves DATABASE (a demo, so its performance lead can sign
# in) with BIN on port 8091, waits for the server's first indicator refresh to pass, times /inspection and
# /inspection?bcu=CE with docs/bench/time-pages.py, then runs `wrk -t2 -c64 -d15s --latency` on each, signed in.
# Needs wrk, curl and python3.
# Usage: docs/bench/dashboard-load.sh BIN DATABASE
set -u
BIN=$1; DATABASE=$2; BASE=http://127.0.0.1:8091; HERE=$(dirname "$0")
BLUELAMP_API_RATE_LIMIT=100000000 BLUELAMP_LOG_LEVEL=warning "$BIN" serve --port 8091 --database "$DATABASE" \
    > /tmp/dashboard-load-server.log 2>&1 &
PID=$!
for _ in $(seq 1 90); do curl -s -o /dev/null $BASE/version && break; sleep 1; done; sleep 45
python3 "$HERE/time-pages.py" $BASE 20 /inspection "/inspection?bcu=CE" | sed 's/; as of.*//'
COOKIE=$(python3 "$HERE/sign_in.py" $BASE)
for u in "inspection" "inspection?bcu=CE"; do
    out=$(wrk -t2 -c64 -d15s --latency -H "Cookie: $COOKIE" "$BASE/$u" 2>&1)
    echo "$u $(grep Requests/sec <<<"$out") p99 $(grep ' 99%' <<<"$out") $(grep -E 'Non-2xx|Socket errors' <<<"$out")"
done
kill $PID; wait $PID 2>/dev/null
