#!/bin/bash
# The two API reads under load: serves DATABASE with BIN on port 8091, waits for the server's first indicator refresh
# to pass, then runs `wrk -t2 -c64 -d20s --latency` with the API token on the crime search and on the BCU list,
# printing req/s, p99 and any errors of each. Needs wrk and curl.
# Usage: docs/bench/api-load.sh BIN DATABASE TOKEN   (e.g. .build/release/bluelamp met.sqlite "$(cat token.txt)")
set -u
BIN=$1; DATABASE=$2; TOKEN=$3
BLUELAMP_API_RATE_LIMIT=100000000 BLUELAMP_LOG_LEVEL=warning "$BIN" serve --port 8091 --database "$DATABASE" \
    > /tmp/api-load-server.log 2>&1 &
PID=$!
for _ in $(seq 1 90); do curl -s -o /dev/null http://127.0.0.1:8091/version && break; sleep 1; done; sleep 40
for u in "api/v1/crimes?bcu=CE&limit=50" "api/v1/bcus"; do
    out=$(wrk -t2 -c64 -d20s --latency -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:8091/$u" 2>&1)
    echo "$u $(grep Requests/sec <<<"$out") p99 $(grep ' 99%' <<<"$out") $(grep -E 'Non-2xx|Socket errors' <<<"$out")"
done
kill $PID; wait $PID 2>/dev/null
