"""Full-text search with the database's own engine, behind one interface (docs/architecture.md,
"The index"): SQLite FTS5 on the embedded default, PostgreSQL full-text search (ranked, a GIN
index) in production. Both read the same query language: words must all occur (in any order,
stemmed), "quoted words" must occur together in that order.

`matching(lines, text)` narrows a queryset of Line rows to those matching `text` and annotates
each with `rank` (higher is better); the index itself is made by migration 0002."""

import re

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, FloatField, Func, Value
from django.db.models.expressions import RawSQL

CONFIG = "english"  # PostgreSQL's text search configuration; FTS5 uses the Porter stemmer too
FTS_TABLE = "insights_line_fts"
_TERM = re.compile(r'"([^"]*)"|(\S+)')
_WORD = re.compile(r"\w+")
MAX_TERMS = 12


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


def matching(lines, text):
    """Return `lines` narrowed to those matching `text`, annotated with `rank`; none when the
    text has no words."""
    parsed = terms(text)
    if not parsed:
        return lines.none().annotate(rank=Value(0.0, output_field=FloatField()))
    if connection.vendor == "postgresql":
        vector = SearchVector("text", config=CONFIG)
        query = postgres_query(text)
        return lines.annotate(document=vector).filter(document=query).annotate(
            rank=SearchRank(vector, query)
        )
    match = fts5_query(parsed)
    ids = RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [match])  # noqa: S608
    return lines.filter(id__in=ids).annotate(rank=Fts5Rank(Value(match), F("id")))


class Fts5Rank(Func):
    """FTS5's bm25 of one line (negated: higher is better), looked up by its id, so the line's
    table may have any alias in the outer query."""

    output_field = FloatField()

    def as_sql(self, compiler, connection, **extra):
        match_sql, match_params = compiler.compile(self.source_expressions[0])
        id_sql, id_params = compiler.compile(self.source_expressions[1])
        sql = (
            f"(SELECT -bm25({FTS_TABLE}) FROM {FTS_TABLE} "  # noqa: S608
            f"WHERE {FTS_TABLE} MATCH {match_sql} AND rowid = {id_sql})"
        )
        return sql, (*match_params, *id_params)


def words_to_mark(text):
    """Return the query's words, for marking them in a shown line."""
    return {word for words in terms(text) for word in words}
