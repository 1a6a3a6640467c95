"""A completed recording's results as rows a template prints: goals, keywords and pauses.

Each keyword's timestamps and each pause link to the transcript line playing then
(`?t=<second>#t-<second>`). A long call stays readable: a keyword shows its first few moments and
the rest behind "Show all N"; the pauses table starts with the longest ten.
"""

from dataclasses import dataclass
from html import escape as escape_text

from django.utils.safestring import SafeString

from .timing import clock
from .transcript import moment_second, start_seconds


@dataclass(frozen=True)
class Moment:
    """A link target in the transcript: `?t=<second>#t-<second>`."""

    ms: int
    second: int

    @property
    def clock(self):
        return clock(self.ms)


@dataclass(frozen=True)
class GoalRow:
    name: str
    met: bool
    score_pct: int | None
    band: str
    explanation: str


@dataclass(frozen=True)
class KeywordRow:
    name: str
    sentiment: str
    count: int
    moments: tuple

    @property
    def moments_html(self):
        """Return the links to each moment, comma-separated, those after the first few behind a
        "Show all N" disclosure (works without JavaScript). Only numbers and the keyword's name,
        escaped, go in."""
        # A keyword heard hundreds of times would otherwise be a slow template loop.
        links = [_moment_link(moment) for moment in self.moments]
        if len(links) <= FIRST_MOMENTS + 1:
            return SafeString(f'<span class="moments">{", ".join(links)}</span>')
        shown, rest = ", ".join(links[:FIRST_MOMENTS]), ", ".join(links[FIRST_MOMENTS:])
        return SafeString(
            f'<span class="moments">{shown} <details class="moments-more"><summary>Show all '
            f'{len(links)}<span class="visually-hidden"> times “{escape_text(self.name)}” was '
            f"heard</span></summary>{rest}</details></span>"
        )


FIRST_MOMENTS = 5
LONGEST_PAUSES = 10


def _moment_link(moment):
    return (f'<a class="moment" href="?t={moment.second}#t-{moment.second}" '
            f'data-seek="{moment.ms}">{moment.clock}</a>')


@dataclass(frozen=True)
class PauseRow:
    moment: Moment
    duration_s: float
    compliant: bool


# (class suffix, glyph, words) of a pause's compliance; the glyph is never the only signal.
COMPLIANCE = {True: ("met", "✓", "Compliant"), False: ("missed", "✗", "Not compliant")}


def pauses_html(rows):
    """Return the pause table's rows as HTML: one call, not a template loop (a call may have
    hundreds of pauses). Only numbers and the console's own words go in."""
    return SafeString("\n".join(map(_pause_row_html, rows)))


def _pause_row_html(row):
    outcome, glyph, words = COMPLIANCE[row.compliant]
    moment = row.moment
    # data-sort: what review.js sorts a column by (the cell's text would sort "10:00" first).
    return (
        f'<tr><td data-label="At" data-sort="{moment.ms}">{_moment_link(moment)}</td>'
        f'<td data-label="Duration" class="num" data-sort="{row.duration_s}">'
        f'{row.duration_s} s</td>'
        f'<td data-label="Compliance"><span class="outcome outcome--{outcome}">'
        f'<span aria-hidden="true">{glyph}</span> {words}</span></td></tr>'
    )


def goal_rows(results):
    """Return one GoalRow per evaluated goal (score as a whole percentage, band by the guide)."""
    return [
        GoalRow(
            name=goal.goal_name or f"Goal {goal.goal_id}",
            met=bool(goal.met),
            score_pct=None if goal.score is None else round(goal.score * 100),
            band=goal.band or "",
            explanation=goal.explanation or "",
        )
        for goal in results.goals
    ]


def keyword_rows(results, dialogues):
    """Return one KeywordRow per keyword, each timestamp linked to the line playing then."""
    # IdentityCall docs conflict: the new results page has no `keywords`; the template tells
    # "not reported" (results.keywords_present is false) from "none heard" (an empty list).
    starts = start_seconds(dialogues)
    return [
        KeywordRow(
            name=hit.keyword_name or f"Keyword {hit.keyword_id}",
            sentiment=hit.sentiment or "",
            count=hit.count or 0,
            moments=tuple(Moment(ms, moment_second(starts, ms)) for ms in hit.timestamps_ms),
        )
        for hit in results.keywords
    ]


def pause_rows(results, dialogues):
    """Return one PauseRow per pause (at its start), linked to the line it follows."""
    by_id = {dialogue.id: dialogue.start_ms or 0 for dialogue in dialogues}
    starts = start_seconds(dialogues)
    rows = []
    for pause in results.pauses:
        after = by_id.get(pause.after_dialogue_id)
        ms = pause.start_ms or 0
        second = after // 1000 if after is not None else moment_second(starts, ms)
        duration = pause.duration_ms
        if duration is None:
            duration = max(0, (pause.end_ms or 0) - (pause.start_ms or 0))
        rows.append(PauseRow(Moment(ms, second), round(duration / 1000, 1), bool(pause.compliant)))
    return rows


def longest_pauses(rows, count=LONGEST_PAUSES):
    """Return the `count` longest pauses, longest first (the earlier one first at a tie)."""
    return sorted(rows, key=lambda row: (-row.duration_s, row.moment.ms))[:count]
