#!/bin/sh
# The floor under `bluelamp bench import`: how long SQLite itself (the sqlite3 command, in C, no parsing,
# no validation) takes to write a police.uk street file's rows into Bluelamp's own crimes and incidents
# tables in a new database file, as `bluelamp migrate` makes it (WAL, 64 MB cache, one transaction),
# with every index kept up to date row by row and with the search indexes built at the end.
# Usage: docs/bench/sqlite-floor.sh FILE.csv[.gz] [path/to/bluelamp]   (needs sqlite3)
set -eu
file=$1
bluelamp=${2:-.build/release/bluelamp}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
case $file in *.gz) gzip -dc "$file" > "$dir/rows.csv" ;; *) cp "$file" "$dir/rows.csv" ;; esac
sqlite3 "$dir/raw.sqlite" ".mode csv" ".import $dir/rows.csv raw"
rows=$(sqlite3 "$dir/raw.sqlite" "SELECT count(*) FROM raw")
"$bluelamp" migrate --database "$dir/schema.sqlite" > /dev/null 2>&1

insert_sql="
INSERT INTO crimes (reference, police_uk_crime_id, police_uk_row_key, import_batch_id, source_line, bcu_code, month,
  reported_at, recorded_at, recorded_in_time, category, offence_description, borough, reported_by, falls_within,
  location, longitude, latitude, lsoa_code, lsoa_name, context, flags, priority, status, police_uk_outcome)
SELECT 'PUK-' || substr(\"Crime ID\", 1, 16) || '-' || rowid, \"Crime ID\", 'id:' || \"Crime ID\" || '#' || rowid, NULL,
  rowid, NULL, Month, 1546300800.0, 1546300800.0, 0, lower(replace(\"Crime type\", ' ', '-')), \"Crime type\", NULL,
  \"Reported by\", \"Falls within\", Location, Longitude + 0.0, Latitude + 0.0, \"LSOA code\", \"LSOA name\", Context, 0, 3,
  'closed', \"Last outcome category\"
FROM m.raw WHERE \"Crime ID\" <> '';
INSERT INTO incidents (import_batch_id, source_line, row_key, bcu_code, police_uk_crime_id, month, incident_type, borough,
  reported_by, falls_within, location, longitude, latitude, lsoa_code, lsoa_name, context)
SELECT NULL, rowid, 'row:' || hex(randomblob(20)) || '#1', NULL, NULL, Month, \"Crime type\", NULL, \"Reported by\",
  \"Falls within\", Location, Longitude + 0.0, Latitude + 0.0, \"LSOA code\", \"LSOA name\", Context
FROM m.raw WHERE \"Crime ID\" = '';"

indexes=$(sqlite3 "$dir/schema.sqlite" "SELECT sql || ';' FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ('crimes', 'incidents')")
drops=$(sqlite3 "$dir/schema.sqlite" "SELECT 'DROP INDEX ' || name || ';' FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ('crimes', 'incidents')")

run() { # $1: label, $2: SQL before the inserts, $3: SQL after them
    cp "$dir/schema.sqlite" "$dir/db.sqlite"
    start=$(date +%s.%N)
    sqlite3 "$dir/db.sqlite" "PRAGMA journal_mode = WAL;" "PRAGMA cache_size = -65536;" \
        "ATTACH '$dir/raw.sqlite' AS m;" "BEGIN; $2 $insert_sql $3 COMMIT;" > /dev/null
    end=$(date +%s.%N)
    echo "$1: $(echo "$rows / ($end - $start)" | bc) rows/s ($rows rows, $(echo "$end - $start" | bc) s)"
}
run "sqlite3, every index kept row by row" "" ""
run "sqlite3, search indexes built at the end" "$drops" "$indexes"
