"""The insights page's tables, each computed by the database (GROUP BY) over the user's visible,
filtered rows only (a figure never mixes in recordings the key cannot read): goal attainment per
project and week, the goals missed most often, recordings per status and per day, the emotion mix
and talk time per role (apps/index/roles.py), keywords and their mentions per week, long pauses
per call and by length. Each row comes with the search filters that find the calls behind it."""

from collections import defaultdict
from datetime import datetime, time, timedelta

from django.db.models import (
    Avg, Case, CharField, Count, F, IntegerField, Max, Min, Q, Sum, Value, When,
)
from django.db.models.functions import TruncDate, TruncWeek
from django.utils import timezone

from apps.identitycall.resources.analysis import EMOTIONS

from .models import Goal, Keyword, Pause, Talk
from .roles import OTHER, ROLE_LABELS, ROLES

WEEKS = 26  # how far back keyword mentions per week go, from the latest call
# Long pauses by length: (label, from seconds, up to seconds or None).
PAUSE_BUCKETS = (("0–5 s", 0, 5), ("5–10 s", 5, 10), ("10–30 s", 10, 30), ("30–60 s", 30, 60),
                 ("60 s and more", 60, None))

TABLES = {
    "attainment": ("Goal attainment per project and week",
                   ("Week", "Project", "Calls", "Average goal score")),
    "missed": ("Goals missed most often", ("Goal", "Missed", "Evaluated", "Missed share")),
    "statuses": ("Recordings per status", ("Status", "Recordings")),
    "emotions": ("Emotion mix per speaker role (lines)",
                 ("Role", *(emotion.capitalize() for emotion in EMOTIONS))),
    "keywords": ("Keywords heard most", ("Keyword", "Calls", "Mentions")),
    "keyword_weeks": ("Keyword mentions per week (latest 26 weeks)",
                      ("Keyword", "Week", "Calls", "Mentions")),
    "talk_roles": ("Talk-time share per role", ("Role", "Calls", "Minutes", "Share")),
    "talk": ("Talk-time share per speaker", ("Speaker", "Calls", "Minutes", "Share")),
    "pause_lengths": ("Long pauses by length", ("Length", "Long pauses", "Calls")),
    "pauses": ("Long pauses per call", ("Long pauses", "Calls")),
    "days": ("Recordings per day", ("Day", "Recordings")),
}


def attainment(recordings, names):
    rows = (
        recordings.exclude(goal_score=None).exclude(created_at=None)
        .annotate(week=TruncWeek("created_at"))
        .values("week", "project_id")
        .annotate(calls=Count("pk"), score=Avg("goal_score"))
        .order_by("-week", "project_id")
    )
    found = []
    for row in rows:
        day = row["week"].date()
        name = names.get(row["project_id"], f"Project {row['project_id']}")
        link = {"date_from": day, "date_to": day + timedelta(days=6)}
        if row["project_id"] is not None:
            link["project"] = row["project_id"]
        found.append(((day.isoformat(), name, row["calls"], round(row["score"], 1)), link))
    return found


def missed(recordings, names=None):
    rows = (
        Goal.objects.filter(recording__in=recordings)
        .values("name")
        .annotate(missed=Count("pk", filter=Q(met=False)), evaluated=Count("pk"))
        .filter(missed__gt=0)
        .order_by("-missed", "name")[:20]
    )
    return [
        ((row["name"], row["missed"], row["evaluated"],
          f"{100 * row['missed'] / row['evaluated']:.0f}%"), {"goals": "missed"})
        for row in rows
    ]


def statuses(recordings, names=None):
    rows = recordings.values("status").annotate(count=Count("pk")).order_by("-count", "status")
    return [((row["status"] or "unknown", row["count"]), {"status": row["status"]}) for row in rows]


def emotions(recordings, names=None):
    """One row per role (agent, customer, other) that has lines, a column per emotion."""
    felt = defaultdict(lambda: defaultdict(int))
    rows = (Talk.objects.filter(recording__in=recordings).exclude(emotion="")
            .values_list(SIDE, "emotion").annotate(lines=Sum("lines")).order_by())
    for role, emotion, lines in rows:
        felt[role][emotion] += lines
    return [((ROLE_LABELS[role], *(felt[role][e] for e in EMOTIONS)), None)
            for role in ROLES if role in felt]


def keywords(recordings, names=None):
    rows = (
        Keyword.objects.filter(recording__in=recordings)
        .values("name")
        .annotate(calls=Count("recording", distinct=True), mentions=Sum("count"))
        .order_by("-calls", "name")[:30]
    )
    return [((row["name"], row["calls"], row["mentions"] or 0), {"q": f'"{row["name"]}"'})
            for row in rows]


def keyword_weeks(recordings, names=None, cache=None):
    """Mentions per week of the keywords heard most (the keywords table's), over the latest
    WEEKS weeks with calls, newest week first; a keyword's weeks without mentions are left out."""
    span = recordings.exclude(created_at=None).aggregate(first=Min("created_at"),
                                                         last=Max("created_at"))
    if span["last"] is None:
        return []
    first, last = (_monday(span[end]) for end in ("first", "last"))
    weeks = [last - timedelta(weeks=n) for n in range(min(WEEKS, (last - first).days // 7 + 1))]
    top = [cells[0] for cells, _ in (cache or {}).get("keywords") or keywords(recordings)]
    # One GROUP BY keyword with a conditional count per week: comparisons the database does
    # itself, where truncating every keyword row's date to its week costs a call per row on SQLite.
    per_week = {}
    for index, monday in enumerate(weeks):
        inside = Q(recording__created_at__gte=_day_start(monday),
                   recording__created_at__lt=_day_start(monday + timedelta(days=7)))
        per_week[f"calls_{index}"] = Count("recording", filter=inside, distinct=True)
        per_week[f"mentions_{index}"] = Sum("count", filter=inside)
    rows = {
        row["name"]: row
        for row in Keyword.objects.filter(recording__in=recordings, name__in=top)
        .values("name").annotate(**per_week).order_by()
    }
    found = []
    for index, monday in enumerate(weeks):
        for name in sorted(rows):
            calls = rows[name][f"calls_{index}"]
            if calls:
                link = {"q": f'"{name}"', "date_from": monday,
                        "date_to": monday + timedelta(days=6)}
                found.append(((name, monday.isoformat(), calls,
                               rows[name][f"mentions_{index}"] or 0), link))
    return found


def _monday(moment):
    day = timezone.localtime(moment).date()
    return day - timedelta(days=day.weekday())


def _day_start(day):
    return timezone.make_aware(datetime.combine(day, time.min))


# A line's side; lines indexed without one count as "other" (roles.py).
SIDE = Case(When(role="", then=Value(OTHER)), default=F("role"), output_field=CharField())


def _talk_rows(recordings, by, cache):
    """Return [(`by`'s value, calls, ms)] of the calls' Talk rows that have times (each call
    counted once), and the total ms (summed once for both talk tables)."""
    cache = {} if cache is None else cache
    spoken = Talk.objects.filter(recording__in=recordings).exclude(ms=None)
    rows = (spoken.values_list(by).annotate(calls=Count("recording", distinct=True), ms=Sum("ms"))
            .order_by())
    if "talk total" not in cache:
        cache["talk total"] = spoken.aggregate(total=Sum("ms"))["total"] or 0
    return list(rows), cache["talk total"]


def talk(recordings, names=None, cache=None):
    """Talk time per speaker (the 30 who spoke longest) and their share of all talking."""
    rows, total = _talk_rows(recordings, "speaker", cache)
    rows = sorted(rows, key=lambda row: (-row[2], row[0]))[:30]
    return [((who, calls, round(ms / 60_000, 1), f"{100 * ms / (total or 1):.0f}%"), None)
            for who, calls, ms in rows]


def talk_roles(recordings, names=None, cache=None):
    """Talk time per role: calls the role spoke in, minutes and share of all talking."""
    rows, total = _talk_rows(recordings, SIDE, cache)
    rows = sorted(rows, key=lambda row: ROLES.index(row[0]))
    return [((ROLE_LABELS[role], calls, round(ms / 60_000, 1), f"{100 * ms / (total or 1):.0f}%"),
             None) for role, calls, ms in rows]


def pauses(recordings, names=None):
    rows = recordings.values("long_pauses").annotate(calls=Count("pk")).order_by("long_pauses")
    return [((row["long_pauses"], row["calls"]), {"long_pause_count": row["long_pauses"]})
            for row in rows]


def pause_lengths(recordings, names=None):
    """Long (non-compliant) pauses per length bucket, every bucket listed, shortest first."""
    bucket = Case(
        *(When(duration_ms__lt=high * 1000, then=Value(index))
          for index, (_label, _low, high) in enumerate(PAUSE_BUCKETS) if high is not None),
        default=Value(len(PAUSE_BUCKETS) - 1), output_field=IntegerField(),
    )
    counted = {
        row["bucket"]: row
        for row in Pause.objects.filter(recording__in=recordings, compliant=False)
        .exclude(duration_ms=None)
        .annotate(bucket=bucket).values("bucket")
        .annotate(pauses=Count("pk"), calls=Count("recording", distinct=True))
    }
    found = []
    for index, (label, low, high) in enumerate(PAUSE_BUCKETS):
        row = counted.get(index, {"pauses": 0, "calls": 0})
        # The calls with a long pause of this length (search's pause_from / pause_to).
        link = {"pause_from": low} | ({"pause_to": high} if high is not None else {})
        found.append(((label, row["pauses"], row["calls"]), link if row["pauses"] else None))
    return found


def days(recordings, names=None):
    rows = (
        recordings.exclude(created_at=None)
        .annotate(day=TruncDate("created_at"))
        .values("day").annotate(count=Count("pk")).order_by("-day")[:60]
    )
    return [((row["day"].isoformat(), row["count"]),
             {"date_from": row["day"], "date_to": row["day"]}) for row in rows]


# The column drawn as a bar (0–100) beside its number, per table.
BARS = {"attainment": 3, "missed": 3, "talk": 3, "talk_roles": 3}

BUILDERS = {
    "attainment": attainment, "missed": missed, "statuses": statuses, "emotions": emotions,
    "keywords": keywords, "keyword_weeks": keyword_weeks, "talk": talk, "talk_roles": talk_roles,
    "pauses": pauses, "pause_lengths": pause_lengths, "days": days,
}


def table(name, recordings, names, cache=None):
    """Return (title, headings, rows) of one table; each row is (cells, the search filters that
    find the calls behind it). Tables built with the same `cache` (a dict, one per page) share
    the queries they have in common."""
    title, headings = TABLES[name]
    if name in ("talk", "talk_roles", "keyword_weeks"):
        rows = BUILDERS[name](recordings, names, cache=cache)
    else:
        rows = BUILDERS[name](recordings, names)
    if cache is not None:
        cache[name] = rows
    return title, headings, rows
