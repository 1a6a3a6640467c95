"""Speakers and transcript lines: who spoke, with a colour, and every line ready to print.

Speakers get a colour and the name apps/recordings/speakers.py decides; dialogues become
transcript lines built once, printed on every view with that view's own search marks and `?t=`
deep-link target.
"""

import re
from bisect import bisect_right
from dataclasses import dataclass
from html import escape as escape_text

from django.utils.safestring import SafeString

from apps.recordings.speakers import identify, speaker_key

from .emotions import EMOTION_ICONS, EMOTION_LABELS, EMOTIONS
from .timing import clock

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

MAX_QUERY_LENGTH = 100


def clean_query(raw):
    """Return the transcript search text, trimmed and capped."""
    return " ".join((raw or "").split())[:MAX_QUERY_LENGTH]


def search_pattern(query):
    """Return the compiled, case-insensitive pattern finding `query` (None for no query)."""
    # The capturing group makes re.split keep the matches, at odd positions.
    return re.compile(f"({re.escape(query)})", re.IGNORECASE) if query else None


def name_pattern(query):
    """Return the pattern finding `query` in a speaker's name: as a whole word or words only, so
    a search for a few letters marks what was said, not every line's speaker."""
    return re.compile(rf"(?<!\w)({re.escape(query)})(?!\w)", re.IGNORECASE) if query else None


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


@dataclass(frozen=True)
class Speaker:
    index: int
    key: str  # apps.recordings.speakers.speaker_key: what groups a speaker's dialogues
    name: str  # the display name apps.recordings.speakers.identify() decided
    colour: str
    talk_ms: int
    turns: int
    identity: object = None  # the speakers.Identity behind the name

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
    # Who says each line: an index into `names`, the speakers' display names (speakers.py), so a
    # search finds a speaker by the name every page shows, a user's rename included.
    who: tuple = ()
    names: tuple = ()

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
        bodies = self.bodies
        if pattern is not None and self.names:
            bodies, found = self._marked_names(name_pattern(query))
            matches += found
        rows = [f"{head}{body}{text}{LINE_END}"
                for head, body, text in zip(self.heads, bodies, texts, strict=True)]
        index = line_index_at(self.starts, target) if target is not None else None
        if index is not None:
            head, body = self.heads[index], bodies[index]
            rows[index] = f"{head}{TARGET_CLASS}{body}{texts[index]}{LINE_END}"
        return SafeString("\n".join(rows)), matches


    def _marked_names(self, pattern):
        """Return (the bodies with each speaker name `pattern` finds in <mark>, the number of
        marks): a search for "Marcus" (or "agent" in "Marcus (agent)") finds every line Marcus
        says."""
        marked = {}
        for index, name in enumerate(self.names):
            html, count = highlight(name, pattern)
            if count:
                marked[index] = (speaker_html(escape_text(name, quote=True)),
                                 speaker_html(html), count)
        if not marked:
            return self.bodies, 0
        bodies, found = list(self.bodies), 0
        for line, index in enumerate(self.who):
            if index in marked:
                old, new, count = marked[index]
                bodies[line] = bodies[line].replace(old, new, 1)
                found += count
        return bodies, found


def speaker_html(name_html):
    """Return a line's speaker name element around `name_html` (escaped already)."""
    return f'<span class="line__speaker">{name_html}</span>'


def transcript_lines(dialogues, speakers):
    """Return the TranscriptLines of `dialogues` (in time order) spoken by `speakers`."""
    # Markup built here rather than in a template loop: a long call has ~1,500 lines. Of its
    # values only the speaker's name and the text come from IdentityCall: the name is escaped
    # here, the text by TranscriptLines.html(); the rest are numbers and the console's own words.
    by_key = {
        speaker.key: (
            f' class="line {speaker.css_class}',
            f'<span class="line__who">{speaker_html(escape_text(speaker.name, quote=True))}',
        )
        for speaker in speakers
    }
    position = {speaker.key: index for index, speaker in enumerate(speakers)}
    heads, bodies, texts, starts, who = [], [], [], [], []
    previous = None
    for dialogue in dialogues:
        start = dialogue.start_ms or 0
        second = start // 1000
        key = speaker_key(dialogue)
        css_class, speaker = by_key[key]
        who.append(position[key])
        # id="t-<second>" on the first line starting in that second: where `#t-<second>` lands.
        heads.append(f'<li{css_class}' if second == previous else
                     f'<li id="t-{second}"{css_class}')
        bodies.append(
            f'" data-start="{start}"><a class="line__time" href="?t={second}#t-{second}">'
            f'{clock(start)}</a> {speaker}{EMOTION_HTML.get(dialogue.dominant_emotion, "")}</span>'
            '<p class="line__text">'
        )
        texts.append(dialogue.text or "")
        starts.append(second)
        previous = second
    return TranscriptLines(tuple(heads), tuple(bodies), tuple(texts), tuple(starts), tuple(who),
                           tuple(speaker.name for speaker in speakers))


def speakers_of(dialogues, identities=None):
    """Return the Speakers in order of first appearance, each with talk time and turn count,
    named by `identities` (apps.recordings.speakers.identify; from the dialogues alone if None)."""
    identities = identities if identities is not None else identify(dialogues)
    order, talk, turns = [], {}, {}
    for dialogue in dialogues:
        key = speaker_key(dialogue)
        if key not in talk:
            order.append(key)
            talk[key], turns[key] = 0, 0
        talk[key] += max(0, (dialogue.end_ms or 0) - (dialogue.start_ms or 0))
        turns[key] += 1
    return [
        Speaker(index, key, identities[key].name, SPEAKER_COLOURS[index % len(SPEAKER_COLOURS)],
                talk[key], turns[key], identities[key])
        for index, key in enumerate(order)
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
