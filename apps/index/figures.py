"""The insights page's tables, each computed by the database over the user's visible, filtered
rows only (a figure never mixes in recordings the key cannot read): goal attainment per project
and week, the goals missed most often, recordings per status, the emotion mix per speaker."""

from collections import defaultdict
from datetime import timedelta

from django.db.models import Avg, BigIntegerField, Count, ExpressionWrapper, F, Q, Sum
from django.db.models.functions import TruncDate, TruncWeek

from apps.identitycall.resources.analysis import EMOTIONS

from .models import Goal, Keyword, Line

TABLES = {
    "attainment": ("Goal attainment per project and week",
                   ("Week", "Project", "Calls", "Average goal score")),
    "missed": ("Goals missed most often", ("Goal", "Missed", "Evaluated", "Missed share")),
    "statuses": ("Recordings per status", ("Status", "Recordings")),
    "emotions": ("Emotion mix per speaker (lines)",
                 ("Speaker", *(emotion.capitalize() for emotion in EMOTIONS))),
    "keywords": ("Keywords heard most", ("Keyword", "Calls", "Mentions")),
    "talk": ("Talk-time share per speaker", ("Speaker", "Calls", "Minutes", "Share")),
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
    """One row per speaker (the 30 who spoke most lines), a column per emotion."""
    rows = (
        Line.objects.filter(recording__in=recordings, kind="line").exclude(emotion="")
        .values("speaker", "emotion")
        .annotate(count=Count("pk"))
    )
    felt = defaultdict(dict)
    for row in rows:
        felt[row["speaker"]][row["emotion"]] = row["count"]
    speakers = sorted(felt, key=lambda who: (-sum(felt[who].values()), who))[:30]
    return [((who, *(felt[who].get(e, 0) for e in EMOTIONS)), None) for who in speakers]


def keywords(recordings, names=None):
    rows = (
        Keyword.objects.filter(recording__in=recordings)
        .values("name")
        .annotate(calls=Count("recording", distinct=True), mentions=Sum("count"))
        .order_by("-calls", "name")[:30]
    )
    return [((row["name"], row["calls"], row["mentions"] or 0), {"q": f'"{row["name"]}"'})
            for row in rows]


def talk(recordings, names=None):
    spoken = ExpressionWrapper(F("end_ms") - F("start_ms"), output_field=BigIntegerField())
    rows = list(
        Line.objects.filter(recording__in=recordings, kind="line")
        .exclude(start_ms=None).exclude(end_ms=None)
        .values("speaker")
        .annotate(calls=Count("recording", distinct=True), ms=Sum(spoken))
        .order_by("-ms")[:30]
    )
    total = sum(row["ms"] or 0 for row in rows) or 1
    return [
        ((row["speaker"], row["calls"], round((row["ms"] or 0) / 60_000, 1),
          f"{100 * (row['ms'] or 0) / total:.0f}%"), None)
        for row in rows
    ]


def pauses(recordings, names=None):
    rows = recordings.values("long_pauses").annotate(calls=Count("pk")).order_by("long_pauses")
    return [((row["long_pauses"], row["calls"]), {"long_pauses": "on"} if row["long_pauses"]
             else None) for row in rows]


def days(recordings, names=None):
    rows = (
        recordings.exclude(created_at=None)
        .annotate(day=TruncDate("created_at"))
        .values("day").annotate(count=Count("pk")).order_by("-day")[:60]
    )
    return [((row["day"].isoformat(), row["count"]),
             {"date_from": row["day"], "date_to": row["day"]}) for row in rows]


# The column drawn as a bar (0–100) beside its number, per table.
BARS = {"attainment": 3, "missed": 3, "talk": 3}

BUILDERS = {
    "attainment": attainment, "missed": missed, "statuses": statuses, "emotions": emotions,
    "keywords": keywords, "talk": talk, "pauses": pauses, "days": days,
}


def table(name, recordings, names):
    """Return (title, headings, rows) of one table; each row is (cells, the search filters that
    find the calls behind it)."""
    title, headings = TABLES[name]
    return title, headings, BUILDERS[name](recordings, names)
