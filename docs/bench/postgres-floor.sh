#!/bin/sh
# The floor under a police.uk import on PostgreSQL, beside Bluelamp's own import of the same file:
#  1. `bluelamp import police-uk FILE` into a new database made by `bluelamp migrate` (its own report's seconds:
#     reading, validating, normalising, writing, one transaction);
#  2. psql alone, in C, no validation: `\copy` of the file into a temporary table, then one `INSERT … SELECT` into
#     Bluelamp's own crimes and incidents tables (every index kept, as the importer keeps them), in one transaction
#     on another new database made by `bluelamp migrate`.
# Both on the same server. Prints each rate and the ratio.
# Usage: docs/bench/postgres-floor.sh FILE.csv[.gz] postgres://USER:PASSWORD@HOST:PORT [path/to/bluelamp]
#   (the URL names a server, not a database: two databases are created on it and dropped afterwards;
#    needs psql, createdb and dropdb on PATH or in /usr/lib/postgresql/15/bin)
set -eu
file=$1
server=${2%/}
bluelamp=${3:-.build/release/bluelamp}
PATH=$PATH:/usr/lib/postgresql/15/bin
dir=$(mktemp -d)
suffix=$$
ours=bluelamp_floor_ours_$suffix
floor=bluelamp_floor_psql_$suffix
cleanup() {
    psql "$server/postgres?sslmode=disable" -q -c "DROP DATABASE IF EXISTS $ours" -c "DROP DATABASE IF EXISTS $floor" >/dev/null 2>&1 || true
    rm -rf "$dir"
}
trap cleanup EXIT
case $file in *.gz) gzip -dc "$file" > "$dir/rows.csv" ;; *) cp "$file" "$dir/rows.csv" ;; esac
rows=$(($(wc -l < "$dir/rows.csv") - 1))

psql "$server/postgres?sslmode=disable" -q -c "CREATE DATABASE $ours" -c "CREATE DATABASE $floor" >/dev/null
DATABASE_URL="$server/$ours?sslmode=disable" "$bluelamp" migrate >/dev/null
DATABASE_URL="$server/$floor?sslmode=disable" "$bluelamp" migrate >/dev/null

# 1. Bluelamp's importer; its report gives the import's own seconds, without the process's start.
report=$(DATABASE_URL="$server/$ours?sslmode=disable" "$bluelamp" import police-uk "$dir/rows.csv" --skip-bad --rejects "$dir/rejects.csv")
echo "$report" | sed 's/^/  /'
ours_s=$(echo "$report" | sed -n 's/.*rejected, \([0-9.]*\) s$/\1/p' | tail -1)

# 2. psql's \copy and one INSERT … SELECT.
cat > "$dir/floor.sql" <<SQL
\\timing off
BEGIN;
CREATE TEMP TABLE raw (crime_id text, month text, reported_by text, falls_within text, longitude text, latitude text,
  location text, lsoa_code text, lsoa_name text, crime_type text, last_outcome text, context text) ON COMMIT DROP;
\\copy raw FROM '$dir/rows.csv' WITH (FORMAT csv, HEADER true)
ALTER TABLE raw ADD COLUMN line bigserial;
INSERT INTO crimes (reference, police_uk_crime_id, police_uk_row_key, import_batch_id, source_line, bcu_code, month,
  reported_at, recorded_at, recorded_in_time, category, offence_description, borough, reported_by, falls_within,
  location, longitude, latitude, lsoa_code, lsoa_name, context, flags, priority, status, police_uk_outcome)
SELECT 'PUK-' || substr(crime_id, 1, 16) || '-' || line, crime_id, 'id:' || crime_id || '#' || line, NULL, line, NULL,
  month, '2019-01-01 00:00:00+00', '2019-01-01 00:00:00+00', false, lower(replace(crime_type, ' ', '-')), crime_type,
  NULL, reported_by, falls_within, location, NULLIF(longitude, '')::float8, NULLIF(latitude, '')::float8, lsoa_code,
  lsoa_name, coalesce(context, ''), 0, 3, 'closed', last_outcome
FROM raw WHERE crime_id IS NOT NULL;
INSERT INTO incidents (import_batch_id, source_line, row_key, bcu_code, police_uk_crime_id, month, incident_type,
  borough, reported_by, falls_within, location, longitude, latitude, lsoa_code, lsoa_name, context)
SELECT NULL, line, 'row:' || md5(line::text) || '#1', NULL, NULL, month, crime_type, NULL, reported_by, falls_within,
  location, NULLIF(longitude, '')::float8, NULLIF(latitude, '')::float8, lsoa_code, lsoa_name, coalesce(context, '')
FROM raw WHERE crime_id IS NULL;
COMMIT;
SQL
start=$(date +%s.%N)
psql "$server/$floor?sslmode=disable" -q -v ON_ERROR_STOP=1 -f "$dir/floor.sql" >/dev/null
end=$(date +%s.%N)
floor_s=$(echo "$end - $start" | bc)
held=$(psql "$server/$floor?sslmode=disable" -tA -c "SELECT (SELECT count(*) FROM crimes) + (SELECT count(*) FROM incidents)")

echo "file: $file ($rows rows)"
echo "bluelamp import police-uk: $ours_s s, $(echo "$rows / $ours_s" | bc) rows/s"
printf "%s\n" "psql \\copy + INSERT … SELECT: $floor_s s, $(echo "$held / $floor_s" | bc) rows/s ($held rows)"
echo "ratio: $(echo "scale=2; ($rows / $ours_s) / ($held / $floor_s)" | bc)× psql's rate"
