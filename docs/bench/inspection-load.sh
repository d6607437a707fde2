#!/bin/bash
# The inspection pages and the API's inspection reads one request at a time and under load: serves DATABASE (a demo,
# so its performance lead can sign in; a SQLite file, or a postgres:// URL) with BIN on port 8091, waits for the
# server's first indicator refresh to pass, then for each path makes 20 requests one at a time with curl (median and
# 90th percentile) and runs `wrk -t2 -c64 -d10s --latency` (req/s, p99, errors). Pages are signed in as the performance
# lead; the API uses an API token made for them (`bluelamp token create`). Needs wrk, curl and python3.
# Usage: docs/bench/inspection-load.sh BIN DATABASE [PATH…]   (default: every inspection page and API read below)
set -u
BIN=$1; DATABASE=$2; shift 2; BASE=http://127.0.0.1:8091; HERE=$(dirname "$0")
case $DATABASE in
    postgres://*) export DATABASE_URL=$DATABASE; WHERE=() ;;
    *) WHERE=(--database "$DATABASE") ;;
esac
PATHS=("$@")
[ ${#PATHS[@]} -gt 0 ] || PATHS=(
    "inspection" "inspection?bcu=CE" "inspection/indicators" "inspection/indicators/workforce.officers-unavailable"
    "inspection/monitoring" "inspection/report" "api/v1/indicators" "api/v1/indicators?bcu=CE"
    "api/v1/indicators/workforce.officers-unavailable/trend?bcu=CE" "api/v1/milestones")
TOKEN=$("$BIN" token create --username performance --name "inspection-load $RANDOM" --days 1 "${WHERE[@]}" 2>/dev/null)
[ -n "$TOKEN" ] || { echo "could not make an API token for performance: is this a demo database?" >&2; exit 1; }
BLUELAMP_API_RATE_LIMIT=100000000 BLUELAMP_LOG_LEVEL=warning "$BIN" serve --port 8091 "${WHERE[@]}" \
    > /tmp/inspection-load-server.log 2>&1 &
PID=$!
for _ in $(seq 1 90); do curl -s -o /dev/null $BASE/version && break; sleep 1; done; sleep 40
COOKIE=$(python3 "$HERE/sign_in.py" $BASE)
for u in "${PATHS[@]}"; do
    if [[ $u == api/* ]]; then H="Authorization: Bearer $TOKEN"; else H="Cookie: $COOKIE"; fi
    code=$(curl -s -o /dev/null -w "%{http_code}" -H "$H" "$BASE/$u")
    one=$(for _ in $(seq 1 20); do curl -s -o /dev/null -w "%{time_total}\n" -H "$H" "$BASE/$u"; done | sort -n |
        awk '{a[NR]=$1} END {printf "median %.1f ms, p90 %.1f ms", a[10]*1000, a[18]*1000}')
    out=$(wrk -t2 -c64 -d10s --latency -H "$H" "$BASE/$u" 2>&1)
    echo "/$u [$code] one at a time: $one | 64 connections: $(grep Requests/sec <<<"$out" | awk '{print $2}') req/s," \
        "p99 $(grep ' 99%' <<<"$out" | awk '{print $2}') $(grep -E 'Non-2xx|Socket errors' <<<"$out" | tr '\n' ' ')"
done
kill $PID; wait $PID 2>/dev/null
