#!/usr/bin/env bash
# Two `bluelamp serve` processes on one PostgreSQL database (issue 20, item 6):
#   bash .ci/two-instances.sh PATH/TO/bluelamp DATABASE_URL
# The database must be empty (it is migrated here). Checks that a session made on one instance works on the other,
# that the daily jobs run once between them (one claim per job, each finished "ok"), and that the audit chain
# verifies after both have written at once. Exits non-zero on any failure; stops both servers whatever happens.
set -euo pipefail
bin="${1:?usage: two-instances.sh BIN DATABASE_URL}"
url="${2:?usage: two-instances.sh BIN DATABASE_URL}"
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" >/dev/null 2>&1 || true; wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
export DATABASE_URL="$url"
password="shared-session-check-2026"
"$bin" migrate >/dev/null
"$bin" user create --username pair --name "Two instances" --password "$password" --role investigator:CE >/dev/null
token=$("$bin" token create --username pair --name two-instances --days 1)

ports=()
for i in 1 2; do
  port=$(free_port)
  BLUELAMP_LOG_LEVEL=warning BLUELAMP_API_RATE_LIMIT=1000000 "$bin" serve --port "$port" >"$work/server-$i.log" 2>&1 &
  pids+=($!)
  ports+=("$port")
done
for port in "${ports[@]}"; do
  for _ in $(seq 1 60); do curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 1; done
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null || { echo "instance on $port did not start"; cat "$work"/server-*.log; exit 1; }
done
one="http://127.0.0.1:${ports[0]}"; two="http://127.0.0.1:${ports[1]}"

# A session made on the first instance works on the second.
status=$(curl -s -c "$work/jar" -b "bluelamp_csrf=twocheck" -o /dev/null -w "%{http_code}" \
  --data-urlencode "username=pair" --data-urlencode "password=$password" -d "csrf=twocheck&next=/" "$one/sign-in")
[ "$status" = "303" ] || { echo "sign-in on the first instance answered $status"; exit 1; }
status=$(curl -s -b "$work/jar" -o /dev/null -w "%{http_code}" "$two/crimes")
[ "$status" = "200" ] || { echo "the session made on the first instance got $status on the second"; exit 1; }
echo "a session made on instance 1 is signed in on instance 2 (GET /crimes: $status)"

# Both write at once: 40 crimes through each (16 at a time), then the audit chain must verify.
printf '%s' '{"category":"burglary","bcu":"CE","reported_at":"2026-01-10T09:30:00Z","place":"Flat 2, Two Road",'\
'"victim":{"given_name":"Ana","family_name":"Two","date_of_birth":"1980-02-03","contact_preference":"email"}}' \
  >"$work/body.json"
export TOKEN="$token" BODY="$work/body.json"
for n in $(seq 1 40); do echo "$one $n"; echo "$two $n"; done \
  | xargs -P 16 -n 2 sh -c 'curl -s -o /dev/null -w "%{http_code}\n" -X POST "$0/api/v1/crimes" \
      -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" \
      -H "Idempotency-Key: two-$(echo "$0" | tr -dc 0-9)-$1" -d @"$BODY"' >"$work/statuses"
created=$(grep -c '^201$' "$work/statuses" || true)
[ "$created" = "80" ] || { echo "writes on both instances: $(sort "$work/statuses" | uniq -c | tr '\n' ' ')"; exit 1; }
"$bin" audit verify
echo "80 crimes written through both instances at once; the audit chain verifies"

# The daily jobs: each instance ran its daily pass at start; between them each job ran once today (the unique
# (job, day) claim), every claim finished "ok".
psql="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)/psql"
query="select count(*), count(distinct job), count(*) filter (where outcome = 'ok') from daily_job_runs"
line=""
for _ in $(seq 1 60); do
  line=$("$psql" "$url" -Atc "$query")
  IFS='|' read -r rows jobs ok <<<"$line"
  [ "$rows" -ge 5 ] && [ "$rows" = "$jobs" ] && [ "$ok" = "$rows" ] && break
  sleep 1
done
"$psql" "$url" -Atc "select job, instance, outcome from daily_job_runs order by job"
IFS='|' read -r rows jobs ok <<<"$line"
[ "$rows" -ge 5 ] && [ "$rows" = "$jobs" ] && [ "$ok" = "$rows" ] \
  || { echo "the daily jobs did not each run once and finish (runs $rows, jobs $jobs, ok $ok)"; exit 1; }
echo "the daily jobs ran once each between the two instances ($rows jobs, every one ok)"
