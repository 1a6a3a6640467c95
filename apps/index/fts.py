"""Full-text search with the database's own engine, behind one interface (docs/architecture.md,
"The index"): SQLite FTS5 on the embedded default, PostgreSQL full-text search (ranked, a GIN
index) in production. Both read the same query language: words must all occur (in any order,
stemmed), "quoted words" must occur together in that order.

Three questions, each one query whatever the number of matching lines: which recordings match
(`matching_recording_ids`), how well each matches (`best_ranks`: its best line's rank, higher is
better; for the newest N matching calls when a word is said in too many to rank them all), and a
page's matching lines (`ranked_lines`). The indexes are made by migrations 0002
(SQLite's FTS5 table) and 0004 (PostgreSQL's stored tsvector and its GIN index)."""

import re

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import F, Max
from django.db.models.expressions import RawSQL

from .models import Line

CONFIG = "english"  # PostgreSQL's text search configuration; FTS5 uses the Porter stemmer too
FTS_TABLE = "insights_line_fts"
_TERM = re.compile(r'"([^"]*)"|(\S+)')
_WORD = re.compile(r"\w+")
MAX_TERMS = 12
# FTS5's bm25() only works in the query that MATCHes, so the matches are made first (negated:
# higher is better), then joined to their lines.
_MATCHED = (
    f"WITH m AS MATERIALIZED (SELECT rowid AS id, -bm25({FTS_TABLE}) AS rank "  # noqa: S608
    f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)"
)


def terms(text):
    """Return the query as a tuple of terms, each a tuple of words (one word, or a phrase)."""
    return tuple(words for words, _ in _parsed(text))


def _parsed(text):
    """Return [(words, the term as typed)] for each term of the query that has words."""
    found = []
    for phrase, word in _TERM.findall(text or ""):
        typed = phrase or word
        words = tuple(w.lower() for w in _WORD.findall(typed))
        if words:
            found.append((words, typed))
    return found[:MAX_TERMS]


def fts5_query(parsed):
    """Return an FTS5 MATCH expression: every term a quoted string (no operator is passed on)."""
    return " ".join('"' + " ".join(words) + '"' for words in parsed)


def postgres_query(text):
    """Return a SearchQuery: every term as a phrase (parsed by the same parser as the text, so
    "crm-778" meets itself), all required."""
    queries = [
        SearchQuery(typed, config=CONFIG, search_type="phrase") for _, typed in _parsed(text)
    ]
    query = queries[0]
    for more in queries[1:]:
        query &= more
    return query


def matching_recording_ids(text):
    """Return an expression for `pk__in`: the ids of recordings with a line matching `text`
    (evaluated once by the database, not per recording)."""
    if connection.vendor == "postgresql":
        return Line.objects.filter(search_vector=postgres_query(text)).values("recording_id")
    return RawSQL(
        f"SELECT l.recording_id FROM {FTS_TABLE} JOIN insights_line l ON l.id = {FTS_TABLE}.rowid "
        f"WHERE {FTS_TABLE} MATCH %s",  # noqa: S608
        [fts5_query(terms(text))],
    )


def matching(recordings, text):
    """Return `recordings` narrowed to those with a line matching `text`. With a LIMIT (a page,
    a capped count, the newest N) PostgreSQL's planner probes call by call for a common word,
    stopping at each call's first matching line, and reads the GIN index for a rare one."""
    return recordings.filter(pk__in=matching_recording_ids(text))


def best_ranks(recordings, text, newest=None):
    """Return {recording id: its best line's rank} for the recordings of the queryset with a line
    matching `text` — only the `newest` of them when given (created_at, then id, descending;
    calls without a date first, as PostgreSQL orders them), so a word said in most calls ranks a
    bounded number of calls, not every line that says it.

    PostgreSQL picks the newest matching calls first (an index walk of the key's calls, newest
    first, probing each call's lines until one matches: cheap when the word is common, and a hash
    of the few matching lines when it is rare), then ranks only their lines. SQLite's FTS5 cannot
    match within one call, so it matches once, ranks every matching line with bm25() and keeps
    the newest calls in the same query."""
    if not terms(text):
        return {}
    if connection.vendor == "postgresql":
        query = postgres_query(text)
        if newest is not None:
            # "created_at DESC" as the key's index insights_rec_key_new has it (NULLS FIRST, PG's
            # default): the walk reads it in order and stops, instead of sorting every call.
            recordings = list(
                matching(recordings, text).order_by("-created_at", "-id")
                .values_list("pk", flat=True)[:newest]
            )
        rows = (
            Line.objects.filter(recording__in=recordings, search_vector=query)
            .values("recording_id")
            .annotate(best=Max(SearchRank(F("search_vector"), query)))
            .values_list("recording_id", "best")
        )
        return dict(rows)
    try:
        inner, params = recordings.values("pk").query.sql_with_params()
    except EmptyResultSet:  # e.g. no key: nothing visible
        return {}
    sql = (
        f"{_MATCHED} SELECT l.recording_id, MAX(m.rank) FROM m "
        f"JOIN insights_line l ON l.id = m.id "
        f"WHERE l.recording_id IN ({inner}) GROUP BY l.recording_id"
    )
    if newest is not None:
        sql = (
            f"SELECT b.* FROM ({sql}) b JOIN insights_recording r ON r.id = b.recording_id "
            f"ORDER BY r.created_at IS NOT NULL, r.created_at DESC, r.id DESC LIMIT %s"
        )
        params = [*params, newest]
    with connection.cursor() as cursor:
        cursor.execute(sql, [fts5_query(terms(text)), *params])
        return dict(cursor.fetchall())


def ranked_lines(recording_ids, text):
    """Return the lines of these recordings matching `text`, each with `rank`, best first."""
    recording_ids = list(recording_ids)
    if not terms(text) or not recording_ids:
        return []
    if connection.vendor == "postgresql":
        query = postgres_query(text)
        return list(
            Line.objects.filter(recording_id__in=recording_ids, search_vector=query)
            .annotate(rank=SearchRank(F("search_vector"), query))
            .order_by("-rank", "recording_id", "position")
        )
    marks = ", ".join(["%s"] * len(recording_ids))
    sql = (
        f"{_MATCHED} SELECT l.id, m.rank FROM m JOIN insights_line l ON l.id = m.id "
        f"WHERE l.recording_id IN ({marks})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [fts5_query(terms(text)), *recording_ids])
        ranks = dict(cursor.fetchall())
    lines = list(Line.objects.filter(pk__in=list(ranks)))
    for line in lines:
        line.rank = ranks[line.pk]
    return sorted(lines, key=lambda line: (-line.rank, line.recording_id, line.position))


def words_to_mark(text):
    """Return the query's words, for marking them in a shown line."""
    return {word for words in terms(text) for word in words}
