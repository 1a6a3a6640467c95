"""Search over the index (apps/index): p50/p95 of each query shape over N synthetic indexed calls,
the index's size per call, and the insights page's render time, on SQLite (FTS5) or PostgreSQL
(a GIN index).

    .venv/bin/python bench/index_search.py --calls 10000                       # SQLite, scratch
    .venv/bin/python bench/index_search.py --calls 100000 \\
        --database-url postgres://postgres@127.0.0.1:5432/bench_index          # dropped after

The calls are the sandbox's generated completed recordings (apps/sandbox/generate.py), 2–10
minutes each: a turn every ~4.8 s gives 24–125 transcript lines a call, 71 on average, ~52
characters a line, which is what a support call of that length says. Each call also gets its name,
keywords and summary lines, 5–7 goals, its keyword hits and pauses, as a sync stores them
(apps/index/store.py). They are loaded the way a bulk load is done (not the way sync writes): a
child process generates batches of 2,000 calls while this one writes them, with executemany on
SQLite (the calls' FTS5 documents filled once at the end) and COPY on PostgreSQL (the lines'
tsvector trigger fires per row as in production, each batch's call documents are built from its
lines; the GIN index is built once at the end). 100,000 calls (7.8 million lines) load in 4–8
minutes a database on two quiet cores.

Each query shape is timed twice, median and 95th percentile of --runs: *queries* is what the
search page asks the database (the filtered, ranked calls, the first page of 20, the number found
and each hit's best line with one line either side: apps/index/search.py), *page* is the whole
search page rendered by Django for a signed-in user holding the key (the test client, no HTTP).
The insights page is rendered the same way (every table over every call). The database is made
for the run (a scratch SQLite file, or the named PostgreSQL database created and dropped).

The last line is `INDEX_RESULT {json}` for bench/run.py.
"""

import argparse
import json
import multiprocessing
import os
import random
import re
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
QUERIES = [
    ("one common word", {"q": "refund"}),
    ("two words", {"q": "escalated manager"}),
    ("a phrase", {"q": '"make a complaint"'}),
    ("a rare word (a reference code)", {"q": None}),
    ("word + filters", {"q": "refund", "status": "completed", "min_minutes": 3, "goals": "missed"}),
    ("word, sorted by duration", {"q": "discount", "sort": "longest"}),
    ("filters only", {"emotion": "angry", "long_pauses": True}),
]
BATCH = 2000
KEY = "bench-index-key"
RESULT = "INDEX_RESULT "
RECORDING_COLUMNS = (
    "id", "key_fingerprint", "ref", "recording_id", "project_id", "external_id", "name", "status",
    "language", "duration_ms", "created_at", "updated_at", "goal_score", "summary", "speakers",
    "long_pauses", "analysed_updated_at", "needs_analysis", "seen_generation", "indexed_at",
    "emotions", "goals_total", "goals_missed", "document_partial",  # migration 0007
)
LINE_COLUMNS = ("recording_id", "kind", "position", "speaker", "text", "start_ms", "end_ms",
                "emotion", "role")  # role: the side of the call, when the index keeps it
TABLES = {
    "insights_recording": RECORDING_COLUMNS,
    "insights_line": LINE_COLUMNS,
    "insights_goal": ("recording_id", "name", "met", "score"),
    "insights_keyword": ("recording_id", "name", "sentiment", "count"),
    "insights_pause": ("recording_id", "start_ms", "duration_ms", "compliant"),
    "insights_talk": ("recording_id", "speaker", "role", "emotion", "lines", "ms"),
}
START = datetime(2026, 1, 1, tzinfo=UTC)
REFERENCE = re.compile(r"\b[A-Z][0-9]{6}\b")


def setup(database_url, scratch, sqlite_file=None):
    os.environ["DJANGO_SETTINGS_MODULE"] = "console.settings.development"
    os.environ["CONSOLE_VAR_DIR"] = str(scratch)
    sqlite_file = Path(sqlite_file).resolve() if sqlite_file else scratch / "bench.sqlite3"
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{sqlite_file}"
    os.environ.setdefault("INDEX_ENABLED", "true")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def bench_user():
    """A user holding the bench key (never sent anywhere); return (user, its fingerprint)."""
    from django.contrib.auth import get_user_model

    from apps.accounts.models import save_api_key

    user, _ = get_user_model().objects.get_or_create(username="bench")
    # Stored again each run: a kept database's key was encrypted with another scratch folder's key.
    return user, save_api_key(user, KEY, projects_seen=0).fingerprint


# -- generating calls (in a child process) -----------------------------------------------------


def generate_batch(job):
    """Return {table: [row tuples]} for calls first+1 … last."""
    first, last, fingerprint = job
    from apps.sandbox import generate

    keywords = generate._bank("en")["keywords"]
    rng = random.Random(first)
    rows = {table: [] for table in TABLES}
    for pk in range(first + 1, last + 1):
        seed = pk * 31
        duration = rng.randint(120, 600) * 1000
        created = START + timedelta(minutes=5 * pk)
        dialogues, _ = generate.transcript(pk, seed, "en", duration)
        goals, achievement = generate.goals(seed, "en", duration)
        summary = generate.summary(pk, seed, "en", duration)
        sides = {person.label: person.role if person.role in ("agent", "customer") else "other"
                 for person in generate.speakers(seed, "en")}
        for d in dialogues:
            emotion = max(d["emotion"], key=d["emotion"].get) if d["emotion"] else ""
            rows["insights_line"].append((pk, "line", d["position"], d["voice_profile_name"] or
                                          d["speaker"], d["text"], d["start_ms"], d["end_ms"],
                                          emotion, sides.get(d["speaker"], "other")))
        talk = {}
        for line in rows["insights_line"][-len(dialogues):] if dialogues else []:
            key = (line[3], line[8], line[7])  # speaker, role, emotion, as store.talk_of
            count, ms = talk.get(key, (0, 0))
            talk[key] = (count + 1, ms + line[6] - line[5])
        rows["insights_talk"] += [(pk, *key, count, ms) for key, (count, ms) in talk.items()]
        lowered = [d["text"].lower() for d in dialogues]
        heard = [(word, sentiment, sum(word.lower() in text for text in lowered))
                 for word, sentiment in keywords]
        heard = [hit for hit in heard if hit[2]]
        pauses = [(before["end_ms"], after["start_ms"] - before["end_ms"])
                  for before, after in zip(dialogues, dialogues[1:])
                  if after["start_ms"] - before["end_ms"] >= generate.PAUSE_MIN_MS]
        long_pauses = sum(1 for _, gap in pauses if gap > 5000)
        felt = sorted({max(d["emotion"], key=d["emotion"].get) for d in dialogues
                       if d["emotion"]})
        rows["insights_recording"].append((
            pk, fingerprint, str(pk), pk, rng.randint(1, 8), f"crm-{pk}", f"Call {pk}",
            "completed", "en", duration, created, created, achievement, summary, "[]",
            long_pauses, created, False, 1, created, f" {' '.join(felt)} " if felt else "",
            len(goals), sum(1 for g in goals if g["met"] is False), False,
        ))
        for kind, text in (("name", f"Call {pk} crm-{pk}"),
                           ("keywords", " ".join(word for word, _, _ in heard)),
                           ("summary", summary)):
            rows["insights_line"].append((pk, kind, 0, "", text, None, None, "", ""))
        rows["insights_goal"] += [(pk, g["goal_name"], g["met"], g["score"]) for g in goals]
        rows["insights_keyword"] += [(pk, word, sentiment, count)
                                     for word, sentiment, count in heard]
        rows["insights_pause"] += [(pk, start, gap, gap <= 5000) for start, gap in pauses]
    return rows


def _child_setup(environ):
    os.environ.update(environ)
    import django

    django.setup()


# -- loading them ------------------------------------------------------------------------------


def columns_of(connection):
    """Return {table: the columns written}: TABLES less what this database's schema lacks."""
    with connection.cursor() as cursor:
        present = {table: {column.name for column in
                           connection.introspection.get_table_description(cursor, table)}
                   for table in TABLES}
    return {table: tuple(c for c in columns if c in present[table])
            for table, columns in TABLES.items()}


def trimmed(rows, table, columns):
    """Return the rows with only the values of `columns` (a prefix of TABLES[table])."""
    keep = len(columns)
    return rows if keep == len(TABLES[table]) else [row[:keep] for row in rows]


class SqliteLoader:
    """executemany in one transaction a batch; the FTS5 tables are filled once at the end."""

    def __init__(self, connection):
        self.raw = connection.connection
        self.columns = columns_of(connection)

    def start(self):
        self.raw.execute("PRAGMA synchronous = OFF")  # a scratch file: no durability wanted
        self.trigger = self.raw.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = 'insights_line_ai'"
        ).fetchone()
        self.raw.execute("DROP TRIGGER IF EXISTS insights_line_ai")
        present = {name for (name,) in self.raw.execute("SELECT name FROM sqlite_master")}
        self.line_fts = "insights_line_fts" in present  # dropped by migration 0009
        self.documents = "insights_call_fts" in present  # added by migration 0007

    def write(self, rows):
        with self.raw:
            for table, values in rows.items():
                columns = self.columns[table]
                values = trimmed(values, table, columns)
                marks = ", ".join("?" * len(columns))
                if table == "insights_recording":
                    values = [tuple(_sqlite_time(v) for v in row) for row in values]
                self.raw.executemany(
                    f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", values
                )

    def finish(self):
        import importlib

        migration = importlib.import_module("apps.index.migrations.0002_full_text_index")
        from apps.index import fts

        with self.raw:
            if self.line_fts:
                self.raw.execute(
                    "INSERT INTO insights_line_fts(insights_line_fts) VALUES ('rebuild')"
                )
            if self.documents:  # each call's search document, from its lines (migration 0007)
                sql, params = fts.document_insert()
                self.raw.execute(sql.replace("%s", "?"), params)
            if self.trigger:  # the insert trigger dropped in start()
                self.raw.execute(migration.SQLITE_UP[1])
        self.raw.execute("ANALYZE")


def _sqlite_time(value):
    """Django's SQLite form of an aware datetime: naive UTC text."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ")
    return value


class PostgresLoader:
    """COPY a batch per table, then the batch's call documents; the GIN indexes are dropped
    first and built once at the end."""

    def __init__(self, connection):
        self.raw = connection.connection
        self.columns = columns_of(connection)

    GIN = {"insights_line_tsv_gin": "insights_line USING GIN (search_vector)",  # to 0009
           "insights_rec_doc_gin": "insights_recording USING GIN (search_document)"}  # 0007 on

    def start(self):
        self.raw.autocommit = False
        present = {name for (name,) in self.raw.execute("SELECT indexname FROM pg_indexes")}
        self.gins = [name for name in self.GIN if name in present]
        for name in self.gins:
            self.raw.execute(f"DROP INDEX {name}")
        self.documents = "insights_rec_doc_gin" in present
        self.raw.commit()

    def write(self, rows):
        with self.raw.cursor() as cursor:
            for table, values in rows.items():
                columns = self.columns[table]
                with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                    for row in trimmed(values, table, columns):
                        copy.write_row(row)
            if self.documents:
                from apps.index import fts

                ids = [row[0] for row in rows["insights_recording"]]
                cursor.execute(*fts.document_update("WHERE id = ANY(%s)", [ids]))
        self.raw.commit()

    def finish(self):
        self.raw.execute("SET maintenance_work_mem = '512MB'")
        for name in self.gins:
            self.raw.execute(f"CREATE INDEX {name} ON {self.GIN[name]}")
        for table in TABLES:  # ids were given: the sequences go on after them
            self.raw.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                             f"(SELECT coalesce(max(id), 1) FROM {table}))")
        self.raw.commit()
        self.raw.autocommit = True
        self.raw.execute("VACUUM ANALYZE")


def fill(calls, fingerprint):
    """Index `calls` synthetic completed calls for the key; return the seconds taken."""
    from django.db import connection

    connection.ensure_connection()
    loader = (PostgresLoader if connection.vendor == "postgresql" else SqliteLoader)(connection)
    started = time.perf_counter()
    loader.start()
    jobs = [(first, min(calls, first + BATCH), fingerprint) for first in range(0, calls, BATCH)]
    environ = {k: os.environ[k] for k in ("DJANGO_SETTINGS_MODULE", "CONSOLE_VAR_DIR",
                                          "DATABASE_URL")}
    # One child generates the next batch while this process writes the last one.
    with multiprocessing.get_context("spawn").Pool(1, _child_setup, (environ,)) as pool:
        for number, rows in enumerate(pool.imap(generate_batch, jobs), start=1):
            loader.write(rows)
            if number % 10 == 0:
                print(f"  {number * BATCH:,} calls written, {time.perf_counter() - started:.0f} s",
                      file=sys.stderr, flush=True)
    loader.finish()
    return time.perf_counter() - started


def rare_word():
    """A reference code said in one call only (the transcripts repeat their other phrases)."""
    from apps.index.models import IndexedRecording, Line

    for recording in IndexedRecording.objects.order_by("-pk").values_list("pk", flat=True)[:20]:
        for text in Line.objects.filter(recording_id=recording, kind="line").values_list(
                "text", flat=True):
            found = REFERENCE.search(text)
            if found:
                return found.group().lower()
    return "zzz"


# -- measuring ---------------------------------------------------------------------------------


def size_bytes():
    """Bytes the index's tables and their indexes take."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c "
                "WHERE c.relkind = 'r' AND c.relname LIKE 'insights_%'"
            )
            return int(cursor.fetchone()[0])
        cursor.execute("SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'insights_%' "
                       "OR name LIKE 'sqlite_autoindex_insights_%'")
        return int(cursor.fetchone()[0])


def one_search(fingerprint, data):
    """What the search page asks the database; return the number found."""
    from django.core.paginator import Paginator

    from apps.index.search import hits, search
    from apps.index.visibility import visible_recordings

    found = search(visible_recordings(fingerprint), data)
    page = Paginator(found, 20).get_page(1)
    hits(list(page.object_list), data.get("q", ""))
    return page.paginator.count


def page_params(data):
    return {key: ("on" if value is True else value) for key, value in data.items()}


def timed(function, runs):
    """Return (p50, p95) in ms of `runs` calls after one to warm up."""
    function()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, round(len(times) * 0.95) - 1)]


def measure(client, fingerprint, runs, rare):
    """Return [{label, found, p50, p95, page_p50, page_p95}] per query shape."""
    from django.urls import reverse

    results = []
    for label, data in QUERIES:
        data = {"q": rare} if data.get("q", "") is None else data
        found = one_search(fingerprint, data)
        p50, p95 = timed(lambda: one_search(fingerprint, data), runs)

        def page():
            response = client.get(reverse("insights:search"), page_params(data))
            assert response.status_code == 200, response.status_code

        page_p50, page_p95 = timed(page, runs)
        results.append({"label": label, "found": found, "p50": p50, "p95": p95,
                        "page_p50": page_p50, "page_p95": page_p95})
    return results


def insights_page(client, runs):
    """p50 in ms of rendering the insights page (every table over every call)."""
    from django.urls import reverse

    def page():
        response = client.get(reverse("insights:insights"))
        assert response.status_code == 200, response.status_code

    return timed(page, runs)[0]


def drop_postgres(database_url, create):
    import psycopg

    base, _, name = database_url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if create:
            conn.execute(f'CREATE DATABASE "{name}"')


def run(args, scratch):
    from django.test import Client

    from apps.index.models import Line

    from apps.index.models import IndexedRecording

    user, fingerprint = bench_user()
    filled = 0 if args.existing else fill(args.calls, fingerprint)
    args.calls = IndexedRecording.objects.count()
    rare = rare_word()
    lines = Line.objects.count()
    size = size_bytes()
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    searches = measure(client, fingerprint, args.runs, rare)
    insights = insights_page(client, args.insights_runs)
    return {"database": "PostgreSQL" if args.database_url else "SQLite", "calls": args.calls,
            "lines": lines, "fill_s": filled, "bytes": size, "kib_per_call":
            size / args.calls / 1024, "searches": searches, "insights_p50": insights,
            "rare": rare}


def report(result):
    print(f"{result['database']}: {result['calls']:,} calls, {result['lines']:,} lines "
          f"({result['lines'] / result['calls']:.0f} a call), loaded in {result['fill_s']:.0f} s; "
          f"index {result['bytes'] / 1e6:.1f} MB, {result['kib_per_call']:.1f} KiB per call")
    print("| query | calls found | queries p50 ms | p95 ms | page p50 ms | p95 ms |")
    print("|---|---:|---:|---:|---:|---:|")
    for row in result["searches"]:
        print(f"| {row['label']} | {row['found']:,} | {row['p50']:.1f} | {row['p95']:.1f} | "
              f"{row['page_p50']:.1f} | {row['page_p95']:.1f} |")
    print(f"Insights page, every table: p50 {result['insights_p50']:.0f} ms")
    print(RESULT + json.dumps(result))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=20, help="timed runs per query shape")
    parser.add_argument("--insights-runs", type=int, default=5)
    parser.add_argument("--database-url", default="", help="a PostgreSQL database to (re)create "
                        "and drop afterwards (BENCH_KEEP=1 keeps it); default: a scratch SQLite "
                        "file")
    parser.add_argument("--existing", action="store_true", help="measure the database as it "
                        "is (a PostgreSQL one kept by BENCH_KEEP=1, or --sqlite's): no load, "
                        "not dropped")
    parser.add_argument("--sqlite", default="", help="a SQLite file to load into and keep "
                        "(default: a scratch file, deleted); with --existing, measured as it is")
    args = parser.parse_args()
    if args.database_url and not args.database_url.startswith("postgres"):
        parser.error("--database-url must be a postgres:// URL (SQLite is the default)")
    with tempfile.TemporaryDirectory(prefix="bench-index-") as scratch:
        if args.existing and not (args.database_url or args.sqlite):
            parser.error("--existing needs --database-url or --sqlite")
        if args.database_url and not args.existing:
            drop_postgres(args.database_url, create=True)
        if args.sqlite and not args.existing:  # a fresh load
            Path(args.sqlite).unlink(missing_ok=True)
        try:
            setup(args.database_url, Path(scratch), args.sqlite)
            report(run(args, scratch))
        finally:
            if args.database_url:
                from django.db import connections

                connections.close_all()
                if not (os.environ.get("BENCH_KEEP") or args.existing):
                    drop_postgres(args.database_url, create=False)


if __name__ == "__main__":
    main()
