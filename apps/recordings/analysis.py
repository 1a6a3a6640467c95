"""What the detail page shows: its four upstream calls made at once, and view models built on them.

Speakers get a colour and a name, dialogues become transcript lines (with search marks and the
deep-link target), the FAQ's processing-time table becomes an estimated finish time, and results
and summary become rows a template can print without deciding anything.
"""

import math
import re
from bisect import bisect_right
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from html import escape as escape_text

from django.utils import timezone
from django.utils.safestring import SafeString

from apps.identitycall import errors
from apps.frame.errors import describe_error

# Speaker colours: each has at least 4.5:1 contrast on white, so they work for text, bars and the
# line markers. Keep in step with `.speaker--N` in static/css/recording-detail.css.
SPEAKER_COLOURS = (
    "#1d5fa8",  # blue
    "#b34700",  # burnt orange
    "#2a7a3b",  # green
    "#7b3fa0",  # purple
    "#a3123a",  # crimson
    "#00707a",  # teal
    "#6b4d2e",  # brown
    "#4a5568",  # slate
)

# The eight documented emotion keys (API reference §5.5), in a fixed order for charts and tables.
EMOTIONS = ("happy", "neutral", "calm", "sad", "angry", "fearful", "surprised", "disgust")
EMOTION_LABELS = {
    "happy": "Happy",
    "neutral": "Neutral",
    "calm": "Calm",
    "sad": "Sad",
    "angry": "Angry",
    "fearful": "Fearful",
    "surprised": "Surprised",
    "disgust": "Disgust",
}
# A glyph next to the word (never instead of it), so emotion is not told by colour alone.
EMOTION_ICONS = {
    "happy": "☺",
    "neutral": "○",
    "calm": "≈",
    "sad": "☹",
    "angry": "⚡",
    "fearful": "!",
    "surprised": "?",
    "disgust": "✕",
}

# FAQ processing-time table (API reference §5.4): (audio shorter than seconds, low, high) seconds.
PROCESSING_TIMES = (
    (5 * 60, 30, 60),
    (15 * 60, 60, 3 * 60),
    (60 * 60 + 1, 3 * 60, 10 * 60),
    (math.inf, 10 * 60, 20 * 60),
)

MAX_QUERY_LENGTH = 100
SUB_RESOURCES = {
    "transcription": "get_transcription",
    "results": "get_results",
    "summary": "get_summary",
}
# IdentityCall docs gap: before `completed` the sub-resources answer 422 "Transcription not
# available" (§10); 404, 409 and 202 are tolerated the same way. Matched by status, not class, so
# whichever exception a 409 becomes is covered.
NOT_READY_STATUSES = {202, 404, 409, 422}
PANEL_NAMES = {"transcription": "transcript", "results": "results", "summary": "summary"}
PANEL_SUBJECTS = {"transcription": "The transcript is", "results": "The results are",
                  "summary": "The summary is"}


# --- the four calls -------------------------------------------------------------------------------


@dataclass
class Part:
    """One sub-resource of a recording: its value, or why there is none."""

    value: object = None
    state: str = "ok"  # "ok", "not_ready" (no analysis yet), "error" or "skipped" (not asked for)
    message: str = ""

    @property
    def ok(self):
        return self.state == "ok"


@dataclass
class Fetched:
    recording: object
    transcription: Part = field(default_factory=lambda: Part(state="skipped"))
    results: Part = field(default_factory=lambda: Part(state="skipped"))
    summary: Part = field(default_factory=lambda: Part(state="skipped"))
    projects: list | None = None  # asked for only when the caller has no project names cached


def fetch_all(client, ref, *, parts=tuple(SUB_RESOURCES), with_projects=False):
    """Return Fetched for `ref`, asking for every resource at once; re-raise recording errors."""
    if not parts and not with_projects:
        return Fetched(recording=client.get_recording(ref))  # one call needs no threads
    with ThreadPoolExecutor(max_workers=5, thread_name_prefix="recording-detail") as pool:
        recording_call = pool.submit(client.get_recording, ref)
        futures = {name: pool.submit(getattr(client, SUB_RESOURCES[name]), ref) for name in parts}
        projects_call = pool.submit(client.list_projects) if with_projects else None
        recording = recording_call.result()  # NotFoundError and the rest are the view's to handle
        done = {name: _part(name, future, recording) for name, future in futures.items()}
        projects = _projects(projects_call)
    return Fetched(recording=recording, projects=projects, **done)


def _projects(future):
    """Return the listed projects, or None: a missing project name never breaks the page."""
    if future is None:
        return None
    try:
        return future.result()
    except errors.IdentityCallError:
        return None


def _part(name, future, recording):
    """Return the Part for one finished sub-resource call."""
    try:
        value = future.result()
    except errors.IdentityCallError as exc:
        return _failed_part(name, exc, recording)
    if value is None or recording.status != "completed":
        # IdentityCall docs gap: a 202 (or any answer before completion) is not the analysis yet.
        return Part(state="not_ready", message=_not_ready_message(name, recording))
    return Part(value=value)


def _failed_part(name, exc, recording):
    """Return "not ready" for the answers §10 expects before completion, else an error sentence."""
    if exc.status in NOT_READY_STATUSES or isinstance(exc, (errors.ValidationError,
                                                              errors.NotFoundError)):
        return Part(state="not_ready", message=_not_ready_message(name, recording))
    return Part(state="error", message=describe_error(exc))


def _not_ready_message(name, recording):
    """Return why a panel is empty, in words that fit the recording's status."""
    panel = PANEL_NAMES[name]
    if recording.status == "failed":
        return f"There is no {panel}: processing failed."
    if recording.status == "completed":
        # IdentityCall docs gap: nothing says every part is ready the moment the status reads
        # `completed`, and a 404 there is ambiguous (§10 tolerates 404/409/202): the part is taken
        # as still being prepared, never as missing, and the page checks it again
        # (views/detail.py).
        return f"{PANEL_SUBJECTS[name]} still being prepared, checking again…"
    return f"The {panel} will be ready when processing completes."


def waiting_parts(fetched):
    """Return the names of a completed recording's parts not ready yet, in SUB_RESOURCES order."""
    if fetched.recording.status != "completed":
        return ()  # before completion the status region polls, not the parts
    return tuple(name for name in SUB_RESOURCES if getattr(fetched, name).state == "not_ready")


def stop_checking(fetched):
    """Reword each part still not ready for a page that no longer checks it by itself."""
    for name in waiting_parts(fetched):
        setattr(fetched, name, Part(state="not_ready",
                                    message=f"{PANEL_SUBJECTS[name]} still being prepared."))


def panel_list(names):
    """Return "the transcript", "the transcript and the summary", … for part `names`."""
    panels = [f"the {PANEL_NAMES[name]}" for name in names]
    return f"{', '.join(panels[:-1])} and {panels[-1]}" if len(panels) > 1 else "".join(panels)


# --- small formatting helpers --------------------------------------------------------------------


def clock(ms):
    """Return `ms` as m:ss, or h:mm:ss from an hour on."""
    total = max(0, int(ms or 0) // 1000)
    hours, rest = divmod(total, 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{seconds:02d}"
    return f"{minutes}:{seconds:02d}"


def parse_seconds(raw):
    """Return the whole seconds of a `?t=` value (`75`, `75.4`, `1:15`), or None when garbage."""
    raw = (raw or "").strip()
    if not raw or len(raw) > 12:
        return None
    if re.fullmatch(r"\d+(\.\d+)?", raw):
        return int(float(raw))
    match = re.fullmatch(r"(?:(\d+):)?(\d+):(\d{2})", raw)
    if match:
        hours, minutes, seconds = (int(part or 0) for part in match.groups())
        return hours * 3600 + minutes * 60 + seconds
    return None


def clean_query(raw):
    """Return the transcript search text, trimmed and capped."""
    return " ".join((raw or "").split())[:MAX_QUERY_LENGTH]


def search_pattern(query):
    """Return the compiled, case-insensitive pattern finding `query` (None for no query)."""
    # The capturing group makes re.split keep the matches, at odd positions.
    return re.compile(f"({re.escape(query)})", re.IGNORECASE) if query else None


def highlight(text, pattern):
    """Return (`text` escaped with each match of `pattern` in <mark>, number of matches)."""
    if pattern is None or not pattern.search(text):
        return escape_text(text), 0
    pieces = pattern.split(text)
    # Odd positions are the matches; every piece is escaped before any markup is added.
    marked = "".join(
        f"<mark>{escape_text(piece)}</mark>" if index % 2 else escape_text(piece)
        for index, piece in enumerate(pieces)
    )
    return marked, len(pieces) // 2


# --- speakers and transcript lines ---------------------------------------------------------------


@dataclass(frozen=True)
class Speaker:
    index: int
    name: str
    colour: str
    talk_ms: int
    turns: int

    @property
    def css_class(self):
        return f"speaker--{self.index % len(SPEAKER_COLOURS)}"

    @property
    def talk_clock(self):
        return clock(self.talk_ms)


# A transcript line is cut where each view adds its own: the target's class and the searched text.
LINE_END = "</p></li>"
TARGET_CLASS = " line--target"
EMOTION_HTML = {
    key: f' <span class="line__emotion"><span aria-hidden="true">{EMOTION_ICONS[key]}</span> '
         f'{EMOTION_LABELS[key]}</span>'
    for key in EMOTIONS
}


@dataclass(frozen=True)
class TranscriptLines:
    """Every line of a transcript as HTML around its text: built once, printed on every view.

    Parallel tuples of strings (not an object per line): cheap to keep in the cache and to read.
    """

    heads: tuple = ()  # '<li id="t-62" class="line speaker--0': where the target's class goes
    bodies: tuple = ()  # '" data-start="62345">…<p class="line__text">': time, speaker, emotion
    texts: tuple = ()  # what was said, as IdentityCall sent it: escaped and searched per view
    starts: tuple = ()  # the whole second each line starts at, for `?t=`

    def __len__(self):
        return len(self.texts)

    def html(self, *, target=None, query=""):
        """Return (every line as HTML, the number of search matches); the line playing at second
        `target` is marked as the target, each match of `query` is in <mark>."""
        pattern = search_pattern(query)
        if pattern is None:
            texts, matches = list(map(escape_text, self.texts)), 0
        else:
            marked = [highlight(text, pattern) for text in self.texts]
            texts, matches = [text for text, _ in marked], sum(count for _, count in marked)
        rows = [f"{head}{body}{text}{LINE_END}"
                for head, body, text in zip(self.heads, self.bodies, texts, strict=True)]
        index = line_index_at(self.starts, target) if target is not None else None
        if index is not None:
            head, body = self.heads[index], self.bodies[index]
            rows[index] = f"{head}{TARGET_CLASS}{body}{texts[index]}{LINE_END}"
        return SafeString("\n".join(rows)), matches


def transcript_lines(dialogues, speakers):
    """Return the TranscriptLines of `dialogues` (in time order) spoken by `speakers`."""
    # Markup built here rather than in a template loop: a long call has ~1,500 lines. Of its
    # values only the speaker's name and the text come from IdentityCall: the name is escaped
    # here, the text by TranscriptLines.html(); the rest are numbers and the console's own words.
    by_name = {
        speaker.name: (
            f' class="line {speaker.css_class}',
            f'<span class="line__who"><span class="line__speaker">'
            f'{escape_text(speaker.name, quote=True)}</span>',
        )
        for speaker in speakers
    }
    heads, bodies, texts, starts = [], [], [], []
    previous = None
    for dialogue in dialogues:
        start = dialogue.start_ms or 0
        second = start // 1000
        css_class, who = by_name[dialogue.speaker_name]
        # id="t-<second>" on the first line starting in that second: where `#t-<second>` lands.
        heads.append(f'<li{css_class}' if second == previous else
                     f'<li id="t-{second}"{css_class}')
        bodies.append(
            f'" data-start="{start}"><a class="line__time" href="?t={second}#t-{second}">'
            f'{clock(start)}</a> {who}{EMOTION_HTML.get(dialogue.dominant_emotion, "")}</span>'
            '<p class="line__text">'
        )
        texts.append(dialogue.text or "")
        starts.append(second)
        previous = second
    return TranscriptLines(tuple(heads), tuple(bodies), tuple(texts), tuple(starts))


def speakers_of(dialogues):
    """Return the Speakers in order of first appearance, each with talk time and turn count."""
    # IdentityCall docs conflict: dialogues carry diarization labels ("Speaker 1") and sometimes a
    # voice profile's name, while the summary lists names or roles ("Agent"); how they map is
    # undocumented, so the transcript names a speaker by voice profile, else by label.
    order, talk, turns = [], {}, {}
    for dialogue in dialogues:
        name = dialogue.speaker_name
        if name not in talk:
            order.append(name)
            talk[name], turns[name] = 0, 0
        talk[name] += max(0, (dialogue.end_ms or 0) - (dialogue.start_ms or 0))
        turns[name] += 1
    return [
        Speaker(index, name, SPEAKER_COLOURS[index % len(SPEAKER_COLOURS)], talk[name], turns[name])
        for index, name in enumerate(order)
    ]


def ordered_dialogues(transcription):
    """Return the dialogues in time order (position breaks ties)."""
    return sorted(transcription.dialogues, key=lambda d: (d.start_ms or 0, d.position or 0))


def start_seconds(dialogues):
    """Return the whole second each dialogue starts at, in order."""
    return [(dialogue.start_ms or 0) // 1000 for dialogue in dialogues]


def line_index_at(starts, seconds):
    """Return the index of the line playing at `seconds` (the last one started by then)."""
    if not starts:
        return None
    return max(0, bisect_right(starts, seconds) - 1)


def moment_second(starts, ms):
    """Return the start second of the line playing at `ms`: where a link to that moment lands."""
    index = line_index_at(starts, (ms or 0) // 1000)
    return (ms or 0) // 1000 if index is None else starts[index]


# --- the estimated finish time -------------------------------------------------------------------


@dataclass(frozen=True)
class Eta:
    earliest: datetime
    latest: datetime
    typical: str  # e.g. "30–60 s"
    overdue: bool


def estimate_finish(recording, *, now=None):
    """Return the Eta of a pending or processing recording from the FAQ table; None if unknown."""
    # IdentityCall docs gap: the FAQ gives typical processing times by audio length but not when
    # the clock starts; the console counts from created_at (the upload).
    if recording.is_terminal or recording.created_at is None or recording.duration_ms is None:
        return None
    seconds = recording.duration_ms / 1000
    low, high = next((low, high) for limit, low, high in PROCESSING_TIMES if seconds < limit)
    latest = recording.created_at + timedelta(seconds=high)
    return Eta(
        earliest=recording.created_at + timedelta(seconds=low),
        latest=latest,
        typical=_span(low, high),
        overdue=(now or timezone.now()) > latest,
    )


def _span(low, high):
    if high < 120:
        return f"{low}–{high} s"
    return f"{low // 60}–{high // 60} min"


# --- results and the page context ----------------------------------------------------------------


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
        """Return the links to each moment, comma-separated (numbers only: no escaping needed)."""
        # A keyword heard hundreds of times would otherwise be a slow template loop.
        return SafeString(", ".join(
            f'<a class="moment" href="?t={moment.second}#t-{moment.second}" '
            f'data-seek="{moment.ms}">{moment.clock}</a>'
            for moment in self.moments
        ))


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
    return (
        f'<tr><td data-label="At"><a class="moment" href="?t={moment.second}#t-{moment.second}" '
        f'data-seek="{moment.ms}">{moment.clock}</a></td>'
        f'<td data-label="Duration" class="num">{row.duration_s} s</td>'
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
