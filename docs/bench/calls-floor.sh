#!/bin/sh
# The floor under `bluelamp bench calls` (issue 18): how long SQLite itself (the sqlite3 command, in C, no parsing
# of ours, no checks) takes to write a calls file's rows into Bluelamp's own calls table in a new database file, as
# `bluelamp migrate` makes it (WAL, 64 MB cache, one transaction), with every index on the table (call_id unique,
# received_at, bcu and received_at, crime_reference) kept up to date row by row, and call ids already held skipped
# as the importer skips them.
# Usage: docs/bench/calls-floor.sh CALLS.csv [path/to/bluelamp]   (needs sqlite3)
# `bluelamp bench calls --rows 100000 --out CALLS.csv` writes the file the bench imports.
set -eu
file=$1
bluelamp=${2:-.build/release/bluelamp}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
sqlite3 "$dir/raw.sqlite" ".mode csv" ".import $file raw"
rows=$(sqlite3 "$dir/raw.sqlite" "SELECT count(*) FROM raw")
"$bluelamp" migrate --database "$dir/db.sqlite" > /dev/null 2>&1

insert_sql="
INSERT INTO calls (call_id, channel, received_at, answered_after_seconds, abandoned_after_seconds, grade, attended_at,
  attended_after_seconds, bcu, crime_reference, batch_id)
SELECT call_id, channel, strftime('%s', received_at) + 0.0, CAST(NULLIF(answered_after_seconds, '') AS INTEGER),
  CAST(NULLIF(abandoned_after_seconds, '') AS INTEGER), NULLIF(grade, ''),
  CASE WHEN attended_at = '' THEN NULL ELSE strftime('%s', attended_at) + 0.0 END,
  CASE WHEN attended_at = '' THEN NULL ELSE strftime('%s', attended_at) - strftime('%s', received_at) END,
  bcu, NULLIF(crime_reference, ''), 1
FROM m.raw WHERE true
ON CONFLICT (call_id) DO NOTHING;"

start=$(date +%s.%N)
sqlite3 "$dir/db.sqlite" "PRAGMA journal_mode = WAL;" "PRAGMA cache_size = -65536;" \
    "ATTACH '$dir/raw.sqlite' AS m;" "BEGIN; $insert_sql COMMIT;" > /dev/null
end=$(date +%s.%N)
written=$(sqlite3 "$dir/db.sqlite" "SELECT count(*) FROM calls")
echo "sqlite3, every index kept row by row: $(echo "$rows / ($end - $start)" | bc) rows/s ($rows rows, $written written, $(echo "$end - $start" | bc) s)"
