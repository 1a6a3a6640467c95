"""Full-text search with the database's own engine, behind one interface (docs/architecture.md,
"The index"): SQLite FTS5 on the embedded default, PostgreSQL full-text search (ranked, GIN
indexes) in production. Both read the same query language: every term must occur somewhere in
the call (in any order, stemmed), and "quoted words" must occur together, in that order, in one
line.

A call's *document* (every line, name, keywords and summary of it, `refresh_documents`) answers
which calls match and how well: one row a call, so a word said in most of 100,000 calls is found
among 100,000 rows, not among eight million lines. The lines a page of results shows are ranked
among that page's lines only (`ranked_lines`). On PostgreSQL the document is
`insights_recording.search_document` (GIN index) and a line's tsvector
`insights_line.search_vector` (a trigger fills it; no index over every line); on SQLite the
document is a row of the FTS5 table `insights_call_fts` (rowid: the recording's id) and a page's
lines go into a temporary FTS5 table (migrations 0004, 0007, 0009)."""

import re

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import BooleanField, Exists, F, Func, OuterRef, Q
from django.db.models.expressions import RawSQL

from .models import IndexedRecording, Line

CONFIG = "english"  # PostgreSQL's text search configuration; FTS5 uses the Porter stemmer too
CALL_FTS = "insights_call_fts"
PAGE_FTS = "insights_page_fts"  # SQLite: a page's lines, in a temporary table (ranked_lines)
TOKENIZE = "porter unicode61 remove_diacritics 2"  # every FTS5 table's (migrations 0002, 0007)
# Between two lines of a document, so that a phrase never runs from one line into the next:
# FTS5 counts every token (one is enough, and nobody searches for it); PostgreSQL counts stop
# words' positions but keeps no lexeme for them, and a phrase query with stop words in it asks
# for a gap ("make a complaint" is make <2> complaint), so the gap is wider than any phrase's.
SQLITE_BREAK = " zzlinebreakzz "
_BREAK_WORD = SQLITE_BREAK.strip()
POSTGRES_BREAK = " " + "the " * 8
# A tsvector keeps positions up to 16,383 and 255 of them a word: past that (a very long call)
# the document can still say which words occur, not which phrases; those calls are marked
# `document_partial` and their phrases are looked for in their lines.
_PARTIAL = (
    "EXISTS (SELECT 1 FROM unnest(d.doc) u WHERE array_length(u.positions, 1) >= 255 "
    "OR u.positions[array_length(u.positions, 1)] >= 16383)"
)
_TERM = re.compile(r'"([^"]*)"|(\S+)')
_WORD = re.compile(r"\w+")
MAX_TERMS = 12
# Newest first, as the search's "newest" order and PostgreSQL's index insights_rec_sort_new.
NEWEST = [F("created_at").desc(nulls_last=True), "-id"]


def terms(text):
    """Return the query as a tuple of terms, each a tuple of words (one word, or a phrase)."""
    return tuple(words for words, _ in _parsed(text))


def _parsed(text):
    """Return [(words, the term as typed)] for each term of the query that has words."""
    found = []
    for phrase, word in _TERM.findall(text or ""):
        typed = phrase or word
        words = tuple(w.lower() for w in _WORD.findall(typed) if w.lower() != _BREAK_WORD)
        if words:
            found.append((words, typed))
    return found[:MAX_TERMS]


def fts5_query(parsed, any_term=False):
    """Return an FTS5 MATCH expression: every term a quoted string (no operator is passed on),
    all of them required, or with `any_term` any one of them."""
    return (" OR " if any_term else " ").join('"' + " ".join(words) + '"' for words in parsed)


def postgres_query(text, any_term=False, search_type="phrase"):
    """Return a SearchQuery: every term as a phrase (parsed by the same parser as the text, so
    "crm-778" meets itself) or, with search_type "plain", as its words in any order; all terms
    required, or with `any_term` any one of them."""
    queries = [SearchQuery(typed, config=CONFIG, search_type=search_type)
               for _, typed in _parsed(text)]
    query = queries[0]
    for more in queries[1:]:
        query = (query | more) if any_term else (query & more)
    return query


def matching(recordings, text):
    """Return `recordings` narrowed to the calls matching `text`. With a LIMIT (a page, a capped
    count, the newest N) PostgreSQL walks the calls in the order asked and checks each document,
    stopping once it has enough; for a rare word it reads the GIN index instead."""
    if connection.vendor != "postgresql":
        return recordings.filter(pk__in=RawSQL(
            f"SELECT rowid FROM {CALL_FTS} WHERE {CALL_FTS} MATCH %s",  # noqa: S608
            [fts5_query(terms(text))],
        ))
    exact = postgres_query(text)
    phrases = [(words, typed) for words, typed in _parsed(text) if len(words) > 1]
    if not phrases:
        return recordings.filter(search_document=exact)
    every_word = postgres_query(text, search_type="plain")
    in_lines = Q(document_partial=True)
    for _, typed in phrases:
        said = SearchQuery(typed, config=CONFIG, search_type="phrase")
        in_lines &= Q(Exists(Line.objects.filter(recording=OuterRef("pk"), search_vector=said)))
    return recordings.filter(search_document=every_word).filter(
        Q(document_partial=False, search_document=exact) | in_lines
    )


def best_ranks(recordings, text, newest):
    """Return {recording id: how well its document matches `text`} (higher is better) for the
    `newest` recordings of the queryset matching it (NEWEST), so a word said in most calls ranks
    a bounded number of calls, not all of them."""
    if not terms(text):
        return {}
    ids = list(matching(recordings, text).order_by(*NEWEST).values_list("pk", flat=True)[:newest])
    if not ids:
        return {}
    if connection.vendor == "postgresql":
        # Normalisation 1: divided by 1 + the log of the document's length, so a long call does
        # not outrank a short one only by saying more words.
        rank = SearchRank(F("search_document"), postgres_query(text), normalization=1)
        return dict(IndexedRecording.objects.filter(pk__in=ids).annotate(rank=rank)
                    .values_list("pk", "rank"))
    # bm25() only works in the query that MATCHes (negated: higher is better); over the rowids
    # the newest calls span, usually a narrow range, not every call that says a common word.
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid, -bm25({CALL_FTS}) FROM {CALL_FTS} "  # noqa: S608
            f"WHERE {CALL_FTS} MATCH %s AND rowid BETWEEN %s AND %s",
            [fts5_query(terms(text)), min(ids), max(ids)],
        )
        ranks = dict(cursor.fetchall())
    return {pk: ranks[pk] for pk in ids if pk in ranks}


def ranked_lines(recording_ids, text):
    """Return the lines of these recordings (a page of them) matching any term of `text`, each
    with `rank` (a line with more of the terms ranks higher), best first."""
    recording_ids = list(recording_ids)
    if not terms(text) or not recording_ids:
        return []
    if connection.vendor == "postgresql":
        query = postgres_query(text, any_term=True)
        # ts_match_vq() is what @@ calls; as a function it keeps the planner on the page's
        # lines (a few thousand) instead of the GIN index's list of every line with the word.
        said = Func(F("search_vector"), query, function="ts_match_vq",
                    output_field=BooleanField())
        return list(
            Line.objects.filter(recording_id__in=recording_ids)
            .alias(said=said).filter(said=True)
            .annotate(rank=SearchRank(F("search_vector"), query))
            .order_by("-rank", "recording_id", "position")
        )
    # FTS5 reads a common word's whole list of lines for every lookup, even within a range of
    # rowids; so the page's lines (a few thousand) go into a table of this connection's own with
    # the same tokenizer, and are matched and ranked there.
    marks = ", ".join(["%s"] * len(recording_ids))
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{PAGE_FTS} USING fts5(text, "
                       f"tokenize='{TOKENIZE}')")
        try:
            cursor.execute(f"DELETE FROM temp.{PAGE_FTS}")  # noqa: S608
            cursor.execute(
                f"INSERT INTO temp.{PAGE_FTS}(rowid, text) SELECT id, text "  # noqa: S608
                f"FROM insights_line WHERE recording_id IN ({marks})", recording_ids,
            )
            cursor.execute(f"SELECT rowid, -bm25({PAGE_FTS}) FROM temp.{PAGE_FTS} "  # noqa: S608
                           f"WHERE {PAGE_FTS} MATCH %s", [fts5_query(terms(text), any_term=True)])
            ranks = dict(cursor.fetchall())
        finally:  # nothing of one user's calls stays on a connection another may use next
            cursor.execute(f"DROP TABLE temp.{PAGE_FTS}")
    lines = list(Line.objects.filter(pk__in=list(ranks)))
    for line in lines:
        line.rank = ranks[line.pk]
    return sorted(lines, key=lambda line: (-line.rank, line.recording_id, line.position))


def refresh_documents(recording_ids):
    """Build again the documents of these recordings from their lines (after their lines
    changed; a recording without lines has none)."""
    recording_ids = list(recording_ids)
    if not recording_ids:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(*document_update("WHERE id = ANY(%s)", [recording_ids]))
            return
        marks = ", ".join(["%s"] * len(recording_ids))
        cursor.execute(f"DELETE FROM {CALL_FTS} WHERE rowid IN ({marks})",  # noqa: S608
                       recording_ids)
        cursor.execute(*document_insert(f"WHERE recording_id IN ({marks})", recording_ids))


def document_update(where="", params=()):
    """PostgreSQL: the UPDATE that sets the documents of the recordings `where` picks (every
    recording when empty); one without lines gets none."""
    return (
        "UPDATE insights_recording SET (search_document, document_partial) = "  # noqa: S608
        f"(SELECT d.doc, {_PARTIAL} FROM (SELECT to_tsvector('{CONFIG}', "
        "string_agg(text, %s ORDER BY kind, position, id)) AS doc FROM insights_line "
        f"WHERE recording_id = insights_recording.id) d) {where}",
        [POSTGRES_BREAK, *params],
    )


def document_insert(where="", params=()):
    """SQLite: the INSERT that adds to insights_call_fts the documents of the recordings whose
    lines `where` picks (every recording with lines when empty)."""
    return (
        f"INSERT INTO {CALL_FTS}(rowid, text) SELECT recording_id, "  # noqa: S608
        f"group_concat(text, %s) FROM insights_line {where} GROUP BY recording_id",
        [SQLITE_BREAK, *params],
    )


def words_to_mark(text):
    """Return the query's words, for marking them in a shown line."""
    return {word for words in terms(text) for word in words}
