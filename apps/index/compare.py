"""Two indexed calls side by side: goals and scores, talk-time share, emotions (counts and over
time), pauses and the summary, from what the index holds for the user's current key (never another
key's rows); and the calls offered to compare one with."""

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Case, F, IntegerField, Q, Value, When

from .compare_charts import moment_url, timelines
from .search import search

LONGEST_PAUSES = 5
CANDIDATES = 10
# What a ref can look like (a public_id UUID or a legacy integer id, as the index stores them);
# anything else is not looked up (a NUL byte would even fail the query on PostgreSQL).
REF = re.compile(r"[0-9A-Za-z-]{1,64}")


@dataclass
class Side:
    recording: object
    lines: list = field(default_factory=list)
    talk: list = field(default_factory=list)  # (speaker, seconds, share %)
    emotions: list = field(default_factory=list)  # (speaker, [(emotion, lines)])
    pauses: int = 0
    long_pauses: int = 0
    longest_pause_s: float = 0.0
    longest: list = field(default_factory=list)  # the LONGEST_PAUSES longest Pauses, with `href`
    timeline: object = None  # compare_charts.Timeline, set by pair()


def side(recording):
    """Return a Side with the figures of one recording (two small queries)."""
    spoken = defaultdict(int)
    felt = defaultdict(Counter)
    lines = list(recording.lines.filter(kind="line").order_by("position"))
    for line in lines:
        if line.start_ms is not None and line.end_ms is not None:
            spoken[line.speaker] += max(0, line.end_ms - line.start_ms)
        if line.emotion:
            felt[line.speaker][line.emotion] += 1
    total = sum(spoken.values()) or 1
    pauses = sorted(recording.pauses.all(), key=lambda p: (-(p.duration_ms or 0), p.start_ms or 0))
    for pause in pauses[:LONGEST_PAUSES]:
        pause.duration_s = (pause.duration_ms or 0) / 1000
        pause.href = moment_url(recording.ref, pause.start_ms // 1000) if (
            pause.start_ms is not None) else ""
    return Side(
        recording=recording,
        lines=lines,
        talk=[(who, round(ms / 1000), round(100 * ms / total))
              for who, ms in sorted(spoken.items(), key=lambda item: -item[1])],
        emotions=[(who, counts.most_common()) for who, counts in sorted(felt.items())],
        pauses=len(pauses),
        long_pauses=sum(1 for p in pauses if p.compliant is False),
        longest_pause_s=(pauses[0].duration_ms or 0) / 1000 if pauses else 0,
        longest=pauses[:LONGEST_PAUSES],
    )


def pair(first_row, second_row):
    """Return the two Sides, their emotion timelines drawn on one shared time axis."""
    first, second = side(first_row), side(second_row)
    first.timeline, second.timeline = timelines((first_row, first.lines),
                                                (second_row, second.lines))
    return first, second


def goal_rows(first, second):
    """Return [(goal name, first's (met, score) or None, second's or None)], by name."""
    mine = {goal.name: goal for goal in first.recording.goals.all()}
    theirs = {goal.name: goal for goal in second.recording.goals.all()}
    return [(name, mine.get(name), theirs.get(name)) for name in sorted(mine.keys() | theirs.keys())]


@dataclass
class Choice:
    """The calls a compare address names, as the user's key sees them."""

    rows: list = field(default_factory=list)  # at most two visible rows, in the order given
    notices: list = field(default_factory=list)  # what the page must say about the choice
    missing: bool = False  # a ref given is not visible (not indexed, or another key's)


def choose(visible, refs, recording=""):
    """Return the Choice of `refs` (the `r` parameters) and `recording` (a recording page's ref,
    which comes first): visible rows only, never two of the same call, at most two."""
    choice = Choice()
    refs = [ref for ref in refs if ref]
    if recording:
        row = recording_of(visible, recording)
        if row is None:
            choice.notices.append("This call is not in your index yet, so it cannot be compared: "
                                  "the index holds the calls synced with your current key. Sync "
                                  "now, or come back once the next sync has read it.")
        else:
            refs.insert(0, row.ref)
    if len(set(refs)) < len(refs):
        choice.notices.append("The same call was chosen twice: pick another call to compare "
                              "it with.")
        refs = list(dict.fromkeys(refs))
    if len(refs) > 2:
        choice.notices.append(f"Two calls are compared at a time and {len(refs)} were chosen; "
                              "these are the first two.")
        refs = refs[:2]
    wanted = [ref for ref in refs if REF.fullmatch(ref)]
    found = {row.ref: row for row in visible.filter(ref__in=wanted)} if wanted else {}
    choice.rows = [found[ref] for ref in refs if ref in found]
    if len(choice.rows) < len(refs):
        choice.missing = True
        choice.notices.append("A call you chose is not in your index: it may not be synced yet, "
                              "or your current key cannot read it.")
    return choice


def recording_of(visible, value):
    """Return the visible indexed row of a recording page's ref (a public_id, or the legacy id
    the page may be reached by), or None."""
    if not REF.fullmatch(value or ""):
        return None
    match = Q(ref=value) | Q(ref=value.lower())
    if value.isdigit() and len(value) <= 18:
        match |= Q(recording_id=int(value))
    return visible.filter(match).order_by("-id").first()


def candidates(visible, first, words=""):
    """Return calls to compare `first` with: those matching `words` (best match first), else
    the newest analysed ones, those of its project first; never `first` itself."""
    others = visible.exclude(pk=first.pk)
    if words:
        return list(search(others, {"q": words})[:CANDIDATES])
    same = Value(1, output_field=IntegerField())
    if first.project_id is not None:
        same = Case(When(project_id=first.project_id, then=Value(0)), default=Value(1),
                    output_field=IntegerField())
    return list(others.filter(status="completed").annotate(other_project=same).order_by(
        "other_project", F("created_at").desc(nulls_last=True), "-id")[:CANDIDATES])
