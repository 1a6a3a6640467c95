"""Search over the index (apps/index): p50/p95 of a search page's queries over N synthetic
indexed calls (the sandbox's generated transcripts, 2–10 minutes each), and the index's size per
call, on SQLite (FTS5) or PostgreSQL (a GIN index).

    .venv/bin/python bench/index_search.py --calls 10000                       # SQLite, scratch
    .venv/bin/python bench/index_search.py --calls 10000 \\
        --database-url postgres://postgres@127.0.0.1:5432/bench_index          # dropped after

The database is made for the run (a scratch SQLite file, or the named PostgreSQL database created
and dropped) and migrated; each query runs what the search page runs: the filtered, ranked
recordings, the first page of 20 and each hit's best line in context (apps/index/search.py).
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
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
FINGERPRINT = "b" * 40


def setup(database_url, scratch):
    os.environ["DJANGO_SETTINGS_MODULE"] = "console.settings.development"
    os.environ["CONSOLE_VAR_DIR"] = str(scratch)
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{scratch / 'bench.sqlite3'}"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def fill(calls, seed=7):
    """Index `calls` synthetic completed recordings for one key; return seconds taken."""
    from datetime import UTC, datetime, timedelta

    from django.db import transaction

    from apps.index.models import Goal, IndexedRecording, Line
    from apps.sandbox import generate

    from django.db import connection

    rng = random.Random(seed)
    started = time.perf_counter()
    if connection.vendor == "postgresql":  # a bulk load: build the GIN index once, afterwards
        with connection.cursor() as cursor:
            cursor.execute("DROP INDEX insights_line_tsv_gin")
    start_day = datetime(2026, 1, 1, tzinfo=UTC)
    for first in range(0, calls, 500):
        with transaction.atomic():
            rows = []
            for n in range(first, min(calls, first + 500)):
                duration = rng.randint(120, 600) * 1000
                rows.append(IndexedRecording(
                    key_fingerprint=FINGERPRINT, ref=str(n + 1), recording_id=n + 1,
                    project_id=rng.randint(1, 8), name=f"Call {n + 1}", status="completed",
                    duration_ms=duration, created_at=start_day + timedelta(minutes=17 * n),
                    goal_score=rng.uniform(0, 100), long_pauses=rng.choice([0, 0, 1, 2]),
                ))
            IndexedRecording.objects.bulk_create(rows)
            lines, goals = [], []
            for row in rows:
                dialogues, _ = generate.transcript(row.recording_id, row.recording_id * 31, "en",
                                                   row.duration_ms)
                for d in dialogues:
                    emotion = max(d["emotion"], key=d["emotion"].get) if d["emotion"] else ""
                    lines.append(Line(recording=row, kind="line", position=d["position"],
                                      speaker=d["voice_profile_name"] or d["speaker"],
                                      text=d["text"], start_ms=d["start_ms"],
                                      end_ms=d["end_ms"], emotion=emotion))
                lines.append(Line(recording=row, kind="name", text=row.name))
                goals += [Goal(recording=row, name="Greeting", met=rng.random() > 0.3,
                               score=rng.uniform(0, 100))]
            Line.objects.bulk_create(lines, batch_size=2000)
            Goal.objects.bulk_create(goals)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("CREATE INDEX insights_line_tsv_gin ON insights_line "
                           "USING GIN (search_vector)")
            cursor.execute("ANALYZE")
    return time.perf_counter() - started


def size_bytes():
    """Bytes the index's tables and indexes take."""
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


def one_search(data):
    from django.core.paginator import Paginator

    from apps.index.search import hits, search
    from apps.index.visibility import visible_recordings

    found = search(visible_recordings(FINGERPRINT), data)
    page = Paginator(found, 20).get_page(1)
    return page.paginator.count, hits(list(page.object_list), data.get("q", ""))


def rare_word():
    """A reference code said in one call only (the sandbox's transcripts repeat their phrases)."""
    import re

    from apps.index.models import Line

    for line in Line.objects.filter(kind="line", text__iregex=r"[a-z][0-9]{6}")[:50]:
        code = re.search(r"\b[a-z][0-9]{6}\b", line.text.lower())
        if code:
            return code.group()
    return "zzz"


def measure(runs):
    results = []
    for label, data in QUERIES:
        if data.get("q", "") is None:
            data = {"q": rare_word()}
        one_search(data)  # warm
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            count, _ = one_search(data)
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
        results.append((label, count, statistics.median(times), p95))
    return results


def measure_insights(runs):
    """p50 of computing every table of the insights page (no filter), in ms."""
    from apps.index import figures
    from apps.index.visibility import visible_recordings

    times = []
    for _ in range(runs + 1):
        started = time.perf_counter()
        for name in figures.TABLES:
            figures.table(name, visible_recordings(FINGERPRINT), {})
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times[1:])


def drop_postgres(database_url, create):
    import psycopg

    base, _, name = database_url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if create:
            conn.execute(f'CREATE DATABASE "{name}"')


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    postgres = args.database_url.startswith("postgres")
    with tempfile.TemporaryDirectory(prefix="bench-index-") as scratch:
        if postgres:
            drop_postgres(args.database_url, create=True)
        try:
            setup(args.database_url, Path(scratch))
            filled = fill(args.calls)
            from apps.index.models import Line

            lines = Line.objects.count()
            size = size_bytes()
            print(f"{'PostgreSQL' if postgres else 'SQLite'}: {args.calls:,} calls, {lines:,} "
                  f"lines, filled in {filled:.0f} s; index {size / 1e6:.1f} MB, "
                  f"{size / args.calls / 1024:.1f} KiB per call")
            print(f"| query | calls found | p50 ms | p95 ms |\n|---|---:|---:|---:|")
            for label, count, p50, p95 in measure(args.runs):
                print(f"| {label} | {count:,} | {p50:.1f} | {p95:.1f} |")
            print(f"Insights page, every table: p50 {measure_insights(5):.0f} ms")
        finally:
            if postgres:
                from django.db import connections

                connections.close_all()
                drop_postgres(args.database_url, create=False)


if __name__ == "__main__":
    main()
