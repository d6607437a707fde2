#!/usr/bin/env python3
"""The crash harness behind docs/bench/crash.sh (see there for the usage). Standard library only.

The canonical dump: what "the same data" means after a crash and a re-run
--------------------------------------------------------------------------
Every table of the public schema is dumped, rows sorted, except:
  - the audit log (`audit_*`): it is checked by `bluelamp audit verify`, not compared (its entries carry the wall
    clock and the trial's own commands);
  - sign-in and request bookkeeping that is random or wall-clock by design: sessions, API tokens (random secrets),
    idempotency keys (stored responses with the server's clock), Fluent's migration log (its batch timestamps), the
    daily jobs' claims (`daily_job_runs`: the instance's random name and the moments it ran them), the indicators'
    figures now (`indicator_current`: the server's refresher recomputes them from the compared tables at the wall
    clock, so a run killed before its first refresh has none), and the version of what the PEEL dashboard reads
    (`change_versions`: a random value its triggers set anew with every write to the tables it stands for, which are
    compared);
  - the search index shadow tables SQLite keeps for full-text search (`*_fts_*`): derived from the tables compared.
In the tables kept:
  - surrogate ids are not compared as numbers: each table's integer `id` becomes its rank in id order, and every
    declared foreign key the rank of the row it points to. PostgreSQL does not roll sequences back, so after a crash
    the re-run's ids may have gaps the reference's do not; ranks are the same when the rows went in in the same
    order, which each work does (months, files and API keys in order). On SQLite a rolled-back insert frees its
    rowid, so ranks and ids agree there;
  - wall-clock columns are dropped: those named in WALL_CLOCK (created_at and the like on every table, and the
    columns each work stamps with the moment it runs, listed per work with the reason), and `password_hash`
    (bcrypt salts are random);
  - for the API work the crimes' `reference` and `police_uk_crime_id` are dropped: the reference embeds the crime's
    id (`CE-<id>/yy`) and the police.uk id is a hash of it, so on PostgreSQL both follow the sequence; the crimes are
    told apart by their place (each request's is unique).
The demo's records are compared whole: with a fixed --now the generator's times are the same in every run.
"""

import argparse
import csv
import gzip
import hashlib
import io
import json
import os
import random
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

# The demo's fixed moment: in the past, so that today's indicator snapshots do not depend on the hour the run
# happens at (three indicator stores stop "what has fallen due" at the wall clock, min(period end, Date()); with the
# period's end before the wall clock, that is the period's end in every run).
DEMO_NOW = "2025-03-01T10:00:00Z"

SKIP_TABLE_PREFIXES = ("audit", "_fluent", "sqlite_")
SKIP_TABLES = {
    "user_sessions", "sign_in_failures", "api_tokens", "idempotency_keys", "daily_job_runs", "indicator_current",
    "change_versions",
}
SKIP_TABLE_PARTS = ("_fts",)

# Columns stamped with the wall clock, on every table.
WALL_CLOCK = {"created_at", "updated_at", "deleted_at", "password_hash", "last_used_at", "expires_at", "computed_at"}
# Columns a work stamps with the moment it runs, by work (table.column), each with its reason.
WALL_CLOCK_BY_WORK = {
    # The import batch records when it ran.
    "import": {"import_batches.seconds", "import_batches.imported_at"},
    "demo": set(),
    # A rebalance stamps its moves, the run and the crimes' timeline with the moment it runs (the service's now).
    "allocate": {
        "crime_allocations.allocated_at", "crime_allocations.ended_at", "crime_allocations.updated_at",
        "allocation_runs.started_at", "allocation_runs.ran_at", "allocation_runs.solve_ms",
        "crime_events.at", "crimes.allocated_at", "crimes.status_changed_at",
    },
    # A crime recorded through the API is stamped with the moment the server took it.
    "api": {"crimes.recorded_at", "crime_events.at", "crimes.reference", "crimes.police_uk_crime_id",
            "crimes.status_changed_at",
            "recording_decisions.due_at", "crimes.decision_due_at"},
}


# Integer columns that hold another table's id without a declared foreign key: mapped through that table's ranks
# like the declared ones.
UNDECLARED_REFERENCES = {"wanted_suspects": {"crime_id": "crimes"}}


def log(*args):
    print(*args, flush=True)


# ---------------------------------------------------------------------------------------------- databases


class SQLiteTarget:
    kind = "sqlite"

    def __init__(self, scratch):
        self.path = os.path.join(scratch, "trial.sqlite")

    def env(self):
        env = dict(os.environ)
        env.pop("DATABASE_URL", None)
        return env

    def args(self):
        return ["--database", self.path]

    def wipe(self):
        for suffix in ("", "-wal", "-shm", "-journal"):
            if os.path.exists(self.path + suffix):
                os.remove(self.path + suffix)

    def save(self, name):
        """Keeps a copy of the database (closed, so the WAL is folded in by copying all three files)."""
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(self.path + suffix):
                shutil.copyfile(self.path + suffix, name + suffix)

    def restore(self, name):
        self.wipe()
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(name + suffix):
                shutil.copyfile(name + suffix, self.path + suffix)

    def integrity(self):
        con = sqlite3.connect(self.path)
        try:
            rows = con.execute("PRAGMA integrity_check").fetchall()
        finally:
            con.close()
        result = ";".join(str(r[0]) for r in rows)
        return result == "ok", result

    def query(self, sql):
        con = sqlite3.connect(self.path)
        try:
            cur = con.execute(sql)
            names = [d[0] for d in cur.description]
            return names, [tuple("" if v is None else repr(v) if isinstance(v, float) else str(v) for v in r)
                           for r in cur.fetchall()]
        finally:
            con.close()

    def tables(self):
        _, rows = self.query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        return [r[0] for r in rows]

    def foreign_keys(self, table):
        con = sqlite3.connect(self.path)
        try:
            return [(r[3], r[2]) for r in con.execute(f'PRAGMA foreign_key_list("{table}")').fetchall()]
        finally:
            con.close()


class PostgresTarget:
    kind = "postgres"

    def __init__(self, url, scratch):
        self.url = url
        self.scratch = scratch
        psql = shutil.which("psql")
        if psql is None:
            bins = sorted(d for d in os.listdir("/usr/lib/postgresql") if d.replace(".", "").isdigit())
            psql = f"/usr/lib/postgresql/{bins[-1]}/bin/psql"
        self.bin = os.path.dirname(psql)

    def env(self):
        env = dict(os.environ)
        env["DATABASE_URL"] = self.url
        return env

    def args(self):
        return []

    def psql(self, sql, check=True):
        return subprocess.run([f"{self.bin}/psql", self.url, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", sql],
                              capture_output=True, text=True, check=check)

    def wipe(self):
        self.psql("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;")

    def save(self, name):
        subprocess.run([f"{self.bin}/pg_dump", "-Fc", "-f", name, self.url], check=True)

    def restore(self, name):
        self.wipe()
        subprocess.run([f"{self.bin}/pg_restore", "--no-owner", "-d", self.url, name], check=True,
                       capture_output=True)

    def integrity(self):
        return True, "not checked (the PostgreSQL server is not killed; its WAL recovers any transaction)"

    def query(self, sql):
        out = subprocess.run([f"{self.bin}/psql", self.url, "-X", "-q", "-c",
                              f"COPY ({sql}) TO STDOUT WITH (FORMAT csv, HEADER true)"],
                             capture_output=True, text=True, check=True).stdout
        reader = csv.reader(io.StringIO(out))
        rows = list(reader)
        if not rows:
            return [], []
        return rows[0], [tuple(r) for r in rows[1:]]

    def tables(self):
        _, rows = self.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
        return [r[0] for r in rows]

    def foreign_keys(self, table):
        _, rows = self.query(
            "SELECT kcu.column_name, ccu.table_name FROM information_schema.table_constraints tc "
            "JOIN information_schema.key_column_usage kcu ON tc.constraint_name = kcu.constraint_name "
            "AND tc.table_schema = kcu.table_schema "
            "JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = tc.constraint_name "
            "AND ccu.table_schema = tc.table_schema "
            f"WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = 'public' AND tc.table_name = '{table}'")
        return [(r[0], r[1]) for r in rows]


# --------------------------------------------------------------------------------------------- canonical dump


def kept_table(name):
    if name in SKIP_TABLES or name.startswith(SKIP_TABLE_PREFIXES):
        return False
    return not any(part in name for part in SKIP_TABLE_PARTS)


def canonical_dump(db, work):
    """{table: (row count, sha256, sorted lines)} by the rules at the top of this file."""
    drop = WALL_CLOCK_BY_WORK.get(work, set())
    tables = [t for t in db.tables() if kept_table(t)]
    data = {}
    for table in tables:
        names, rows = db.query(f'SELECT * FROM "{table}"')
        data[table] = (names, rows)
    # Each table's ids by rank (only integer ids).
    ranks = {}
    for table, (names, rows) in data.items():
        if "id" not in names:
            continue
        i = names.index("id")
        try:
            ids = sorted({int(r[i]) for r in rows if r[i] != ""})
        except ValueError:
            continue
        ranks[table] = {str(v): str(n) for n, v in enumerate(ids, start=1)}
    dump = {}
    for table, (names, rows) in data.items():
        fks = dict(db.foreign_keys(table))
        fks.update(UNDECLARED_REFERENCES.get(table, {}))
        keep = [n for n in names if n not in WALL_CLOCK and f"{table}.{n}" not in drop]
        lines = []
        for r in rows:
            values = dict(zip(names, r))
            out = []
            for n in keep:
                v = values[n]
                if n == "id" and table in ranks:
                    v = ranks[table].get(v, v)
                elif n in fks and fks[n] in ranks and v != "":
                    v = "#" + ranks[fks[n]].get(v, "?" + v)
                out.append(f"{n}={v}")
            lines.append("|".join(out))
        lines.sort()
        digest = hashlib.sha256("\n".join(lines).encode()).hexdigest()
        dump[table] = (len(lines), digest, lines)
    return dump


def compare(reference, dump):
    """Differences as short lines (empty when the dumps are equal)."""
    problems = []
    for table in sorted(set(reference) | set(dump)):
        a = reference.get(table)
        b = dump.get(table)
        if a is None or b is None:
            problems.append(f"{table}: only in {'the re-run' if a is None else 'the reference'}")
            continue
        if a[1] == b[1]:
            continue
        only_ref = sorted(set(a[2]) - set(b[2]))
        only_new = sorted(set(b[2]) - set(a[2]))
        problems.append(f"{table}: {a[0]} rows in the reference, {b[0]} after the re-run; "
                        f"{len(only_ref)} only in the reference, {len(only_new)} only in the re-run")
        for line in only_ref[:2]:
            problems.append(f"    reference: {line[:300]}")
        for line in only_new[:2]:
            problems.append(f"    re-run:    {line[:300]}")
    return problems


# ------------------------------------------------------------------------------------------------------ works


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Work:
    """A kind of work: `prepare` makes the database the work starts on, `start` launches it (a Popen the harness
    may kill), `finish` waits for it; `rerun` runs it to completion after a crash."""

    def __init__(self, harness):
        self.h = harness

    def run(self, args, check=True, timeout=None):
        return subprocess.run([self.h.bin] + args + self.h.db.args(), env=self.h.db.env(), capture_output=True,
                              text=True, check=check, timeout=timeout)

    def popen(self, args):
        return subprocess.Popen([self.h.bin] + args + self.h.db.args(), env=self.h.db.env(),
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)

    def prepare(self):
        self.h.db.wipe()
        self.run(["migrate"])

    def complete(self):
        """Runs the work to completion; returns an error text or None."""
        p = self.start()
        return self.finish(p)

    def finish(self, p):
        _, err = p.communicate()
        if p.returncode != 0:
            return f"exit {p.returncode}: {err.strip()[-400:]}"
        return None

    def after_kill(self, p):
        p.wait()

    def checks(self):
        return []

    def count_sql(self, sql):
        try:
            return int(self.h.db.query(sql)[1][0][0])
        except Exception:
            return -1

    def state(self):
        """What the killed run had written, for the trial's line."""
        return ""


class ImportWork(Work):
    name = "import"

    def __init__(self, harness):
        super().__init__(harness)
        self.file = harness.import_file()
        self.expected = None

    def start(self):
        return self.popen(["import", "police-uk", "--skip-bad", "--rejects", os.path.join(self.h.scratch,
                                                                                           "rejects.csv"), self.file])

    def rows(self):
        _, c = self.h.db.query("SELECT COUNT(*) FROM crimes WHERE import_batch_id IS NOT NULL")
        _, i = self.h.db.query("SELECT COUNT(*) FROM incidents WHERE import_batch_id IS NOT NULL")
        return int(c[0][0]), int(i[0][0])

    def learn(self):
        self.expected = self.rows()

    def checks(self):
        rows = self.rows()
        if rows != (0, 0) and rows != self.expected:
            return [f"the file is half there: {rows[0]} crimes and {rows[1]} incidents of "
                    f"{self.expected[0]} and {self.expected[1]}"]
        return []

    def describe(self):
        return f"{self.h.import_rows} rows from {os.path.basename(self.file)}"

    def state(self):
        rows = self.rows()
        return "the file's rows all there" if rows == self.expected else "none of the file" if rows == (0, 0) else \
            f"{rows} rows"


class DemoWork(Work):
    name = "demo"

    def start(self):
        return self.popen(["demo", "--no-serve", "--scale", self.h.demo_scale, "--now", DEMO_NOW])

    def describe(self):
        return f"bluelamp demo --scale {self.h.demo_scale} --now {DEMO_NOW}"

    def state(self):
        return (f"{self.count_sql('SELECT COUNT(*) FROM officers')} officers, "
                f"{self.count_sql('SELECT COUNT(*) FROM crimes')} crimes, "
                f"{self.count_sql('SELECT COUNT(*) FROM crime_allocations')} allocations, "
                f"{self.count_sql('SELECT COUNT(*) FROM calls')} calls, "
                f"{self.count_sql('SELECT COUNT(*) FROM inspections')} inspections")


class AllocateWork(Work):
    name = "allocate"

    def __init__(self, harness):
        super().__init__(harness)
        self.base = os.path.join(harness.scratch, "allocate-base")
        self.officer = None

    def make_base(self):
        self.h.db.wipe()
        self.run(["demo", "--no-serve", "--scale", "small", "--now", DEMO_NOW])
        _, rows = self.h.db.query(
            "SELECT officer_id, COUNT(*) AS n FROM crime_allocations a JOIN crimes c ON c.id = a.crime_id "
            "WHERE a.ended_at IS NULL AND c.status IN ('allocated', 'under_investigation') "
            "GROUP BY officer_id ORDER BY n DESC, officer_id LIMIT 1")
        self.officer = rows[0][0]
        self.open_crimes = rows[0][1]
        self.h.db.save(self.base)

    def prepare(self):
        if self.officer is None:
            self.make_base()
        self.h.db.restore(self.base)

    def start(self):
        return self.popen(["allocation", "rebalance", "--officer", self.officer, "--reason", "crash trial"])

    def state(self):
        return "the run committed" if self.count_sql("SELECT COUNT(*) FROM allocation_runs") > 0 else "nothing written"

    def describe(self):
        return f"rebalance of officer {self.officer} ({self.open_crimes} open crimes) on the small demo"


class APIWork(Work):
    name = "api"

    def __init__(self, harness):
        super().__init__(harness)
        self.count = harness.api_writes
        self.token = None

    def prepare(self):
        super().prepare()
        self.run(["user", "create", "--username", "crash", "--name", "Crash Trials", "--password",
                  "amber-orchid-lantern-2016", "--role", "investigator:CE"])
        self.token = self.run(["token", "create", "--username", "crash", "--name", "crash", "--days", "1"]
                              ).stdout.strip().splitlines()[-1]

    def body(self, i):
        return json.dumps({
            "category": ["burglary", "robbery", "theft-from-the-person", "criminal-damage-and-arson"][i % 4], "bcu": "CE",
            "reported_at": "2025-01-10T09:30:00Z", "place": f"Flat {i}, Crash Trial Road",
            "flags": ["repeat_victim"] if i % 3 == 0 else [], "thrive": {"threat": "medium", "harm": "high"},
            "solvability_factors": ["cctv"],
            "victim": {"given_name": "Ana", "family_name": f"Silva{i}", "date_of_birth": "1980-02-03",
                       "contact_preference": "email"},
        }).encode()

    def start(self):
        port = free_port()
        env = self.h.db.env()
        env["BLUELAMP_API_RATE_LIMIT"] = "1000000"
        env["BLUELAMP_LOG_LEVEL"] = "warning"
        p = subprocess.Popen([self.h.bin, "serve", "--port", str(port)] + self.h.db.args(), env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        p.stream_error = None
        p.stream_done = 0

        def stream():
            base = f"http://127.0.0.1:{port}"
            for _ in range(600):
                if p.poll() is not None:
                    p.stream_error = "the server stopped before answering"
                    return
                try:
                    urllib.request.urlopen(base + "/healthz", timeout=2).read()
                    break
                except Exception:
                    time.sleep(0.1)
            for i in range(self.count):
                request = urllib.request.Request(
                    base + "/api/v1/crimes", data=self.body(i), method="POST",
                    headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json",
                             "Idempotency-Key": f"crash-trial-{i}"})
                try:
                    with urllib.request.urlopen(request, timeout=30) as response:
                        if response.status != 201:
                            p.stream_error = f"crime {i}: HTTP {response.status}"
                            return
                except urllib.error.HTTPError as e:
                    p.stream_error = f"crime {i}: HTTP {e.code} {e.read()[:300]!r}"
                    return
                except Exception as e:
                    p.stream_error = f"crime {i}: {e}"
                    return
                p.stream_done = i + 1

        p.stream = threading.Thread(target=stream, daemon=True)
        p.stream.start()
        return p

    def finish(self, p):
        p.stream.join()
        p.send_signal(signal.SIGTERM)
        try:
            _, err = p.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            p.kill()
            _, err = p.communicate()
        if p.stream_error:
            return f"{p.stream_error}; server: {err.strip()[-300:]}"
        return None

    def after_kill(self, p):
        p.wait()
        p.stream.join()

    def describe(self):
        return f"{self.count} POST /api/v1/crimes, an Idempotency-Key each"

    def state(self):
        return f"{self.count_sql('SELECT COUNT(*) FROM crimes')} of {self.count} crimes written"


# ---------------------------------------------------------------------------------------------------- harness


class Harness:
    def __init__(self, options):
        self.bin = os.path.abspath(options.bin)
        self.scratch = tempfile.mkdtemp(prefix="bluelamp-crash-")
        self.options = options
        self.data = options.data
        self.size = options.size
        self.demo_scale = "met" if options.size == "met" else "small"
        self.api_writes = 400 if options.size == "met" else 60
        if options.database == "postgres":
            if not options.postgres_url:
                sys.exit("--database postgres needs --postgres-url (an empty database the harness may wipe)")
            self.db = PostgresTarget(options.postgres_url, self.scratch)
        else:
            self.db = SQLiteTarget(self.scratch)
        self.random = random.Random(options.seed)
        self.import_rows = 0

    def import_file(self):
        street = os.path.join(self.data, "police-uk", "all-forces-2019-01", "street")
        files = sorted(os.path.join(street, f) for f in os.listdir(street) if f.endswith("-street.csv.gz"))
        if self.size == "small":
            files = [f for f in files if "-kent-" in f]
        joined = os.path.join(self.scratch, f"2019-01-{'all-forces' if len(files) > 1 else 'kent'}-street.csv")
        rows = 0
        with open(joined, "w", newline="") as out:
            for n, path in enumerate(files):
                with gzip.open(path, "rt", newline="") as f:
                    header = f.readline()
                    if n == 0:
                        out.write(header)
                    for line in f:
                        out.write(line)
                        rows += 1
        self.import_rows = rows
        return joined

    def verify_audit(self, work):
        r = work.run(["audit", "verify"], check=False)
        return None if r.returncode == 0 else f"audit verify: exit {r.returncode}: {(r.stdout + r.stderr)[-300:]}"

    def reference(self, work):
        work.prepare()
        started = time.monotonic()
        error = work.complete()
        duration = time.monotonic() - started
        if error:
            sys.exit(f"{work.name}: the uninterrupted reference run failed: {error}")
        if isinstance(work, ImportWork):
            work.learn()
        dump = canonical_dump(self.db, work.name)
        with open(os.path.join(self.scratch, f"{work.name}-reference.txt"), "w") as f:
            for table, (count, digest, _) in sorted(dump.items()):
                f.write(f"{table}\t{count}\t{digest}\n")
        return dump, duration

    def trial(self, work, reference, duration, number):
        work.prepare()
        moment = self.random.uniform(0, duration)
        p = work.start()
        started = time.monotonic()
        finished_first = False
        while time.monotonic() - started < moment:
            if p.poll() is not None:
                finished_first = True
                break
            time.sleep(0.005)
        if not finished_first:
            p.send_signal(signal.SIGKILL)
        work.after_kill(p)
        state = work.state()
        problems = []
        ok, result = self.db.integrity()
        if not ok:
            problems.append(f"integrity_check: {result[:300]}")
        problems += work.checks()
        error = self.verify_audit(work)
        if error:
            problems.append(error)
        rerun_started = time.monotonic()
        error = work.complete()
        rerun = time.monotonic() - rerun_started
        if error:
            problems.append(f"the re-run failed: {error}")
        else:
            error = self.verify_audit(work)
            if error:
                problems.append(f"after the re-run, {error}")
            problems += compare(reference, canonical_dump(self.db, work.name))
        status = "ok" if not problems else "FAILED"
        killed = "finished before the kill" if finished_first else f"SIGKILL at {moment:6.2f} s"
        log(f"{self.db.kind:8} {work.name:8} trial {number:2}: {killed} ({state}), re-run {rerun:6.2f} s: {status}")
        for line in problems:
            log(f"    {line}")
        return {"moment": moment, "ok": not problems, "rerun": rerun, "killed": not finished_first}


def main():
    parser = argparse.ArgumentParser(description="Crash trials: SIGKILL at random moments, then check and re-run.")
    parser.add_argument("--bin", required=True)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--postgres-url")
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--size", choices=["small", "met"], default="small")
    parser.add_argument("--work", default="import,demo,allocate,api")
    parser.add_argument("--seed", type=int, default=2016)
    repository = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    default_data = os.path.join(os.path.dirname(repository), "shared", "data")
    if not os.path.isdir(default_data):
        default_data = "/work/shared/data"
    parser.add_argument("--data", default=default_data)
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    options = parser.parse_args()
    kinds = {"import": ImportWork, "demo": DemoWork, "allocate": AllocateWork, "api": APIWork}
    names = [w.strip() for w in options.work.split(",") if w.strip()]
    for name in names:
        if name not in kinds:
            sys.exit(f"--work: unknown kind {name} (import, demo, allocate, api)")
    harness = Harness(options)
    log(f"crash trials: {options.database}, size {options.size}, {options.trials} trials per kind, "
        f"seed {options.seed}, scratch {harness.scratch}")
    summary = []
    total_started = time.monotonic()
    try:
        for name in names:
            work = kinds[name](harness)
            started = time.monotonic()
            reference, duration = harness.reference(work)
            log(f"{options.database:8} {name:8} reference: {work.describe()}: {duration:.2f} s, "
                f"{sum(c for c, _, _ in reference.values())} rows in {len(reference)} tables compared")
            results = [harness.trial(work, reference, duration, n + 1) for n in range(options.trials)]
            moments = [r["moment"] for r in results]
            summary.append((name, len(results), sum(r["ok"] for r in results), sum(r["killed"] for r in results),
                            min(moments, default=0), max(moments, default=0), duration,
                            max((r["rerun"] for r in results), default=0), time.monotonic() - started))
    finally:
        if not options.keep:
            shutil.rmtree(harness.scratch, ignore_errors=True)
    log("")
    log(f"| database | work | trials | passed | killed mid-way | kill moments (s) | reference run (s) "
        f"| longest re-run (s) | wall time (s) |")
    log("| --- | --- | ---: | ---: | ---: | --- | ---: | ---: | ---: |")
    for name, trials, passed, killed, low, high, duration, rerun, wall in summary:
        log(f"| {options.database} | {name} | {trials} | {passed} | {killed} | {low:.2f}–{high:.2f} | {duration:.2f} "
            f"| {rerun:.2f} | {wall:.0f} |")
    failed = sum(t - p for _, t, p, *_ in summary)
    log(f"{failed} failed trial(s); {time.monotonic() - total_started:.0f} s in all")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
