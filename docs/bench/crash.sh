#!/usr/bin/env bash
# Crash safety, proven (issue 21, item 1): starts a piece of work, kills it with SIGKILL at a random moment, checks
# the database, runs the same work again to completion and compares the data with an uninterrupted run's.
#
# Usage: docs/bench/crash.sh --bin PATH [--database sqlite|postgres] [--postgres-url URL] [--trials N]
#          [--size small|met] [--work import,demo,allocate,api] [--seed N] [--keep DIR]
#
#   --bin           the bluelamp binary
#   --database      sqlite (default; a file per trial in a scratch folder) or postgres
#   --postgres-url  postgres only: an EMPTY database the harness may wipe (its public schema is dropped each trial)
#   --trials        trials per work kind (default 20)
#   --size          small (default: one force's police.uk file, the small demo, 60 API writes) or
#                   met (all 41 forces' 2019-01 street files joined, 358,147 rows; the Met-scale demo; 400 API writes)
#   --work          which kinds, comma-separated (default all: import,demo,allocate,api)
#   --seed          the seed of the kill moments (default 2016): the same seed gives the same moments
#   --data          the shared data folder (default: ../shared/data beside the repository, or /work/shared/data)
#
# The work kinds:
#   import    `bluelamp import police-uk --skip-bad FILE` on a fresh database.
#   demo      `bluelamp demo --no-serve --scale S --now FIXED` on a fresh database (the crime step is the longest;
#             the fixed --now makes the re-run's records the same as the reference's).
#   allocate  `bluelamp allocation rebalance --officer ID` on a small demo database (copied per trial), the officer
#             holding the most open crimes: their crimes go back to the queue and the allocator places them.
#   api       `bluelamp serve`, then POST /api/v1/crimes with an Idempotency-Key per crime; the server is killed.
#             The re-run starts the server again and repeats every key in order.
#
# Each kind: one uninterrupted reference run on a fresh database gives the canonical dump and the duration D; then
# each trial: fresh database, start the work, SIGKILL at a moment drawn uniformly from [0, D), then the checks:
#   - SQLite: PRAGMA integrity_check is ok (PostgreSQL: none; its own WAL recovery, the server is never killed);
#   - import: the file's rows (crimes + incidents of import batches) are all there or none;
#   - `bluelamp audit verify` passes;
#   - the same work run again completes (exit 0), `audit verify` passes again, and the canonical dump equals the
#     reference's. The canonical dump's rules (which tables and columns, why) are at the top of crash.py.
# One line per trial, then a summary table; the exit status is non-zero when any trial failed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
exec python3 "$here/crash.py" "$@"
