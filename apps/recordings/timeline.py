"""The timeline under the player: speaker turns, long pauses, keyword hits and goal evidence.

`build()` runs once per recording (kept with the analysis, analysis_cache.py): the markers
(`markers()`, each a moment with words for a screen reader) and the SVG drawn in the call's own
units, x in seconds and y in pixels, so one `viewBox` shows any stretch of the call: the whole
call, or ten minutes of it when zoomed. What each view shows of it, and the axis under it, is
timeline_window.py's. static/js/review.js zooms and pans the same way in the page (a new viewBox,
new ticks), follows the audio and makes the markers seek and scroll the transcript.
"""

import re
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString

from .analysis.timing import clock
from .analysis.transcript import moment_second, start_seconds
from .charts.layout import rounded
from .speakers import speaker_key

ROW = 22  # pixels per row: the SVG's height attribute equals its viewBox height
BAR = 14
# A goal explanation's "at 03:12" or "1:02:03"; nothing longer than hours.
CLOCK_TIME = re.compile(r"(?<![\d:])(\d{1,2}):([0-5]\d)(?::([0-5]\d))?(?![\d:])")
KIND_ROWS = (("goal", "Goals"), ("keyword", "Keywords"), ("pause", "Long pauses"))


@dataclass(frozen=True)
class Marker:
    """A moment worth a look: where it is, where its link lands, and what it is in words."""

    kind: str  # "goal", "keyword" or "pause"
    ms: int
    second: int  # the start second of the transcript line playing then (`?t=`, `#t-`)
    label: str  # "Keyword “refund” (negative) at 3:12"
    tone: str  # "met"/"missed", "positive"/"neutral"/"negative", "long"


def keyword_markers(results, starts):
    """Return a Marker per keyword timestamp."""
    found = []
    for hit in results.keywords:
        name = hit.keyword_name or f"Keyword {hit.keyword_id}"
        tone = hit.sentiment if hit.sentiment in ("positive", "negative") else "neutral"
        said = f" ({hit.sentiment})" if hit.sentiment else ""
        for ms in hit.timestamps_ms:
            found.append(Marker("keyword", ms, moment_second(starts, ms),
                                f"Keyword “{name}”{said} at {clock(ms)}", tone))
    return found


def pause_markers(results, starts):
    """Return a Marker per pause that was not compliant (too long)."""
    found = []
    for pause in results.pauses:
        if pause.compliant is not False:
            continue
        ms = pause.start_ms or 0
        duration = _pause_ms(pause)
        found.append(Marker("pause", ms, moment_second(starts, ms),
                            f"Long pause of {duration / 1000:.1f} s at {clock(ms)}", "long"))
    return found


def goal_markers(results, starts, duration_ms):
    """Return a Marker per moment a goal's explanation names (within the call)."""
    # IdentityCall docs gap: a goal result has no time of its own; its explanation is prose
    # that may name one ("verified identity at 03:12"). A time past the call's end is a time of
    # day, not a moment of the call, and is left out.
    found = []
    for goal in results.goals:
        name = goal.goal_name or f"Goal {goal.goal_id}"
        outcome = "met" if goal.met else "not met"
        for ms in evidence_times(goal.explanation or "", duration_ms):
            found.append(Marker("goal", ms, moment_second(starts, ms),
                                f"Goal “{name}” ({outcome}) at {clock(ms)}",
                                "met" if goal.met else "missed"))
    return found


def evidence_times(text, duration_ms):
    """Return the moments (ms) a text names as m:ss or h:mm:ss, within `duration_ms`."""
    times = []
    for match in CLOCK_TIME.finditer(text):
        first, second, third = match.groups()
        seconds = (int(first) * 3600 + int(second) * 60 + int(third) if third
                   else int(first) * 60 + int(second))
        ms = seconds * 1000
        if duration_ms is None or ms <= duration_ms:
            times.append(ms)
    return times


def markers(results, dialogues, duration_ms=None):
    """Return every Marker of a recording, in time order (goals, keywords, pauses at a tie)."""
    if results is None:
        return []
    starts = start_seconds(dialogues)
    order = {kind: index for index, (kind, _) in enumerate(KIND_ROWS)}
    found = (goal_markers(results, starts, duration_ms) + keyword_markers(results, starts)
             + pause_markers(results, starts))
    return sorted(found, key=lambda marker: (marker.ms, order[marker.kind]))


def _pause_ms(pause):
    duration = pause.duration_ms
    return max(0, (pause.end_ms or 0) - (pause.start_ms or 0)) if duration is None else duration


@dataclass(frozen=True)
class Row:
    label: str  # the row's name, left of it
    kind: str  # "goal", "keyword", "pause" or "speaker"
    css_class: str
    count: int  # markers, or a speaker's turns


@dataclass(frozen=True)
class TimelineParts:
    """The timeline of one recording, the same on every view; only the window changes."""

    duration_ms: int
    rows: tuple
    height: int
    svg: SafeString  # everything inside the <svg>, x in seconds and y in pixels
    description: str

    duration_s = property(lambda self: rounded(self.duration_ms / 1000))


def build(dialogues, speakers, results, duration_ms=None):
    """Return the TimelineParts of a recording: a row per kind of marker present, then a lane
    per speaker with a bar per turn; every pause shaded across the lanes."""
    total = max([duration_ms or 0, 1000, *(d.end_ms or 0 for d in dialogues)])
    found = markers(results, dialogues, total)
    rows, parts = [], []
    for kind, label in KIND_ROWS:
        mine = [marker for marker in found if marker.kind == kind]
        if mine:
            parts.append(_marker_row(kind, label, mine, len(rows) * ROW))
            rows.append(Row(label, kind, f"timeline__row--{kind}", len(mine)))
    lanes_top = len(rows) * ROW
    by_key = {speaker.key: [] for speaker in speakers}
    for dialogue in dialogues:
        by_key[speaker_key(dialogue)].append(dialogue)
    for speaker in speakers:
        parts.append(_lane(speaker, by_key[speaker.key], len(rows) * ROW))
        rows.append(Row(speaker.name, "speaker", speaker.css_class, speaker.turns))
    height = len(rows) * ROW
    pauses = results.pauses if results is not None else ()
    parts.insert(0, _bands(pauses, lanes_top, height - lanes_top))
    return TimelineParts(total, tuple(rows), height, SafeString("".join(parts)),
                         _describe(dialogues, speakers, found, total))


# Half the height of each kind's mark, in pixels: goals a tall pill, pauses a block, keywords a
# dot (the stroke's caps make the shape; static/css/review.css sets the stroke). Each mark is 10 ms
# wide, so that it has a box to click, focus and find.
MARK_REACH = {"goal": 4, "keyword": 0.1, "pause": 3}


def _marker_row(kind, label, found, top):
    """Return a row of markers: links, one tab stop per row (review.js moves along it). A
    link's <title> is its name for screen readers and its tooltip."""
    middle, reach = top + ROW / 2, MARK_REACH[kind]
    ys = f'y1="{rounded(middle - reach)}" y2="{rounded(middle + reach)}"'
    links = []
    for index, marker in enumerate(found):
        words = escape(marker.label)
        links.append(
            f'<a class="marker marker--{marker.tone}" href="?t={marker.second}#t-{marker.second}" '
            f'data-seek="{marker.ms}"{"" if index == 0 else " tabindex=\"-1\""}>'
            f"<title>{words}</title>"
            f'<line x1="{_seconds(marker.ms)}" x2="{_seconds(marker.ms + 10)}" {ys}/></a>')
    links = "".join(links)
    return (f'<g class="timeline__markers timeline__markers--{kind}" role="group" '
            f'aria-label="{label}: {len(found)}">{links}</g>')


def _seconds(ms):
    """Return ms as seconds, to the millisecond (a marker's 10 ms must not round away)."""
    return ms / 1000


def _lane(speaker, dialogues, top):
    """Return a speaker's lane: a bar per turn (review.js seeks where a lane is clicked)."""
    tail = f'" y="{rounded(top + (ROW - BAR) / 2)}" height="{BAR}" width="'
    # A 1,500-turn call: seconds to a tenth, formatted in place (no call per number).
    bars = []
    for dialogue in dialogues:
        start = dialogue.start_ms or 0
        length = max(0, (dialogue.end_ms or 0) - start)
        bars.append(f'<rect x="{start / 1000:.1f}{tail}{length / 1000:.1f}"/>')
    bars = "".join(bars)
    return (f'<g class="timeline__lane" fill="{speaker.colour}" stroke="{speaker.colour}" '
            f'data-lane="{escape(speaker.name)}" aria-hidden="true">{bars}</g>')


LONG_BAND = " timeline__band--long"


def _bands(pauses, top, height):
    """Return every pause as a band across the lanes; the long ones stand out."""
    bands = "".join(
        f'<rect class="timeline__band{LONG_BAND if pause.compliant is False else ""}"'
        f' x="{rounded((pause.start_ms or 0) / 1000)}" y="{top}" '
        f'width="{rounded(_pause_ms(pause) / 1000)}" height="{height}"/>'
        for pause in pauses
    )
    return f'<g class="timeline__bands" aria-hidden="true">{bands}</g>'


def _describe(dialogues, speakers, found, total):
    counts = {kind: sum(1 for marker in found if marker.kind == kind) for kind, _ in KIND_ROWS}
    return (f"{len(dialogues)} turns by {len(speakers)} speaker{'' if len(speakers) == 1 else 's'}"
            f" over {clock(total)}; {counts['keyword']} keyword hits, {counts['pause']} long "
            f"pauses, {counts['goal']} goal moments.")
