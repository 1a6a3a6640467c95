"""Searching the index: one query over transcripts, names, external IDs, keywords and summaries
(fts.py), the filters and the sort of the search form, and each hit's best line in context."""

from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from . import fts
from .models import Line, Pause

# A word said in most of 100,000 calls: "best match" ranks the newest RANKED calls that say it,
# and the other orders count up to COUNTED ("more than 1,000 calls"), instead of reading most of
# the index for every search (bench/RESULTS.md, "The index").
RANKED = COUNTED = 1000
ORDER = {
    "newest": fts.NEWEST,
    "oldest": [F("created_at").asc(nulls_last=True), "id"],
    "longest": [F("duration_ms").desc(nulls_last=True), "-id"],
    "shortest": [F("duration_ms").asc(nulls_last=True), "id"],
    "score_high": [F("goal_score").desc(nulls_last=True), "-id"],
    "score_low": [F("goal_score").asc(nulls_last=True), "id"],
}


@dataclass
class Hit:
    """One recording found, with its best matching piece and the lines around it."""

    recording: object
    line: object = None
    before: list = field(default_factory=list)
    after: list = field(default_factory=list)
    project_name: str = ""

    @property
    def url(self):
        url = reverse("recordings:detail", args=[self.recording.ref])
        if self.line is not None and self.line.start_ms is not None:
            second = self.line.start_ms // 1000
            return f"{url}?t={second}#t-{second}"
        return url


# The days a search may ask for: the index holds no call before 1970, and a day in the year 9999
# has no next day to end the range on (_day_start).
FIRST_DAY, LAST_DAY = date(1970, 1, 1), date(2099, 12, 31)


def day_range_errors(date_from, date_to):
    """Return [(field, message)] of what is wrong with a search's range of days ([] when none),
    for the search forms (apps/insights, apps/recordings) to show on their fields."""
    found = [(name, "Choose a day between 1 Jan 1970 and 31 Dec 2099.")
             for name, day in (("date_from", date_from), ("date_to", date_to))
             if day and not FIRST_DAY <= day <= LAST_DAY]
    if date_from and date_to and date_from > date_to:
        found.append(("date_to", "The end date is before the start date."))
    return found


def filtered(recordings, data):
    """Return `recordings` narrowed by the form's filters (cleaned data)."""
    if data.get("project"):
        recordings = recordings.filter(project_id=data["project"])
    if data.get("date_from"):
        recordings = recordings.filter(created_at__gte=_day_start(data["date_from"]))
    if data.get("date_to"):
        recordings = recordings.filter(created_at__lt=_day_start(data["date_to"], after=True))
    if data.get("min_minutes") is not None:
        recordings = recordings.filter(duration_ms__gte=data["min_minutes"] * 60_000)
    if data.get("max_minutes") is not None:
        recordings = recordings.filter(duration_ms__lte=data["max_minutes"] * 60_000)
    if data.get("status"):
        recordings = recordings.filter(status=data["status"])
    # Goals and emotions as the row keeps them (store.py), not by looking into its goals and
    # lines: a filter over 100,000 calls reads 100,000 rows, not millions.
    if data.get("goals") == "met":
        recordings = recordings.filter(goals_total__gt=0, goals_missed=0)
    elif data.get("goals") == "missed":
        recordings = recordings.filter(goals_missed__gt=0)
    if data.get("emotion"):
        recordings = recordings.filter(emotions__contains=f" {data['emotion']} ")
    if data.get("long_pauses"):
        recordings = recordings.filter(long_pauses__gt=0)
    if data.get("long_pause_count") is not None:
        recordings = recordings.filter(long_pauses=data["long_pause_count"])
    shortest, longest = data.get("pause_from"), data.get("pause_to")
    if shortest is not None or longest is not None:
        # A long (not compliant) pause of that length, as Insights' "Long pauses by length".
        pauses = Pause.objects.filter(recording=OuterRef("pk"), compliant=False)
        if shortest is not None:
            pauses = pauses.filter(duration_ms__gte=shortest * 1000)
        if longest is not None:
            pauses = pauses.filter(duration_ms__lt=longest * 1000)
        recordings = recordings.filter(Exists(pauses))
    return recordings


def _day_start(day, after=False):
    if after:
        day = day.fromordinal(day.toordinal() + 1)
    return timezone.make_aware(datetime.combine(day, time.min))


def search(recordings, data):
    """Return the recordings matching the form's query and filters, in the chosen order: a
    queryset (Counted when words were asked), or for "best match" a Ranked sequence (all fit a
    Paginator; `more` on the last two says whether more calls matched than they hold)."""
    recordings = filtered(recordings, data)
    query = (data.get("q") or "").strip()
    sort = data.get("sort") or ("relevance" if query else "newest")
    if not query:
        return recordings.order_by(*ORDER["newest" if sort == "relevance" else sort])
    if not fts.terms(query):
        return recordings.none()
    if sort == "relevance":
        ranks = fts.best_ranks(recordings, query, newest=RANKED + 1)
        ids = sorted(ranks, key=lambda pk: (-ranks[pk], -pk))
        return Ranked(recordings, ids[:RANKED], more=len(ids) > RANKED)
    found = fts.matching(recordings, query).order_by(*ORDER[sort])
    return Counted(model=found.model, query=found.query.chain(), using=found.db)


class Counted(QuerySet):
    """A queryset whose count stops at COUNTED (`more` says whether more matched): the database
    stops looking once it has found COUNTED + 1 calls, so a common word is cheap to count."""

    _matched = None

    def count(self):
        if self._result_cache is not None:
            return len(self._result_cache)
        if self._matched is None:
            limited = self.query.chain()
            limited.clear_ordering(force=True)
            limited.set_limits(high=COUNTED + 1)
            self._matched = limited.get_count(using=self.db)
        return min(self._matched, COUNTED)

    @property
    def more(self):
        self.count()
        return self._result_cache is None and self._matched > COUNTED


class Ranked:
    """Recording ids in rank order, read from the database a page at a time. When more than
    RANKED calls match (`more`), they are the best matches among the newest RANKED: ranking
    every line of a word said in most of 100,000 calls takes seconds, and nobody pages past the
    fiftieth page of a search (the page says "more than 1,000 calls")."""

    def __init__(self, recordings, ids, more=False):
        self.recordings, self.ids, self.more = recordings, ids, more

    def __len__(self):
        return len(self.ids)

    def __getitem__(self, window):
        chunk = self.ids[window]
        rows = self.recordings.in_bulk(chunk)
        return [rows[pk] for pk in chunk if pk in rows]


def hits(page_rows, query):
    """Return a Hit per recording of the page: its best matching piece (a transcript line before
    a name or summary, the earliest among equals) and one line either side."""
    found = {row.pk: Hit(row) for row in page_rows}
    if not query or not found:
        return list(found.values())
    best = {}
    for line in fts.ranked_lines(found, query):
        current = best.get(line.recording_id)
        if current is None or (current.kind != "line" and line.kind == "line"):
            best[line.recording_id] = line
    around = Q()
    for line in best.values():
        hit = found[line.recording_id]
        hit.line = line
        if line.kind == "line":
            around |= Q(recording_id=line.recording_id, position__in=[line.position - 1,
                                                                       line.position + 1])
    if around:
        for near in Line.objects.filter(around, kind="line"):
            hit = found[near.recording_id]
            (hit.before if near.position < hit.line.position else hit.after).append(near)
    return list(found.values())
