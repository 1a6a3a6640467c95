"""Emotion over time on the compare page: per speaker, a strip of the dominant emotion of each time
step, on one time axis shared by both calls (the longer call fills it) so the two read alike. Runs
of steps with the same emotion are one mark, linked to the moment it starts in the call.

The index keeps each line's dominant emotion only (apps/index/store.py), so a step's emotion is the
one its lines show for the most milliseconds. Drawn like the recording page's charts: 340 units
wide in a viewBox, names above the strips, no sideways scrolling on a phone."""

from dataclasses import dataclass

from django.urls import reverse

from apps.identitycall.resources.analysis import EMOTIONS
from apps.reference.emotions import EMOTION_COLOURS

WIDTH = 340
PLOT_X = 4
PLOT_WIDTH = WIDTH - 2 * PLOT_X
HEAD = 18  # the speaker's name above their strip
STRIP = 18
GAP = 10
AXIS = 22  # the tick labels under the last strip
MAX_STEPS = 40
STEPS_S = (10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600)
TICKS_S = (30, 60, 120, 300, 600, 900, 1800, 3600, 7200)
MAX_TICKS = 5
MAX_NAME = 34
SHARE_RATIO = 2


@dataclass(frozen=True)
class Mark:
    """A run of steps where one speaker's dominant emotion stays the same."""

    emotion: str
    start_s: int  # where the run's first step starts
    end_s: int  # where its last step ends
    second: int  # the moment: when the run's first such line starts
    href: str
    x: float = 0
    width: float = 0

    @property
    def label(self):
        return self.emotion.capitalize()

    @property
    def start_clock(self):
        return _clock(self.start_s)

    @property
    def end_clock(self):
        return _clock(self.end_s)

    @property
    def moment_clock(self):
        return _clock(self.second)

    @property
    def fill(self):
        return EMOTION_COLOURS.get(self.emotion, "#545b68")


@dataclass(frozen=True)
class Strip:
    speaker: str
    label: str
    label_y: int
    y: int
    marks: tuple


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    plot_x: int
    track_width: float  # this call's length on the shared axis
    strip_height: int
    strips: tuple
    ticks: tuple  # (x, y, text-anchor, m:ss)
    axis_y: int
    step_s: int
    description: str
    shared: bool = True  # on the axis both calls share (False: on its own, see timelines())

    @property
    def step_words(self):
        return _step_words(self.step_s)


def step_for(span_ms):
    """Return the step in seconds: the shortest of STEPS_S giving at most MAX_STEPS steps."""
    seconds = max(1, -(-(span_ms or 0) // 1000))
    return next((step for step in STEPS_S if seconds <= step * MAX_STEPS), STEPS_S[-1])


def span_of(recording, lines):
    """Return how long a call lasts in ms: its duration, or its last line's end if later."""
    ends = [line.end_ms or line.start_ms or 0 for line in lines]
    return max([recording.duration_ms or 0, *ends])


def dominant_steps(lines, step_s):
    """Return {speaker: {step: (emotion, first second)}}: per step, the emotion the speaker's
    lines show for the most milliseconds (a tie goes to the one heard first), and when the first
    line with it starts."""
    step_ms = step_s * 1000
    felt = {}
    for line in sorted(lines, key=lambda line: (line.start_ms or 0, line.position)):
        if not line.emotion or line.start_ms is None:
            continue
        start = line.start_ms
        end = max(start + 1, line.end_ms or 0)
        for step in range(start // step_ms, (end - 1) // step_ms + 1):
            overlap = min(end, (step + 1) * step_ms) - max(start, step * step_ms)
            tally = felt.setdefault(line.speaker, {}).setdefault(step, {})
            ms, first = tally.get(line.emotion, (0, start // 1000))
            tally[line.emotion] = (ms + overlap, first)
    return {
        speaker: {step: _strongest(tally) for step, tally in steps.items()}
        for speaker, steps in felt.items()
    }


def runs(steps, step_s, ref):
    """Return the Marks of one speaker's steps: consecutive steps with one emotion merged."""
    marks = []
    for step in sorted(steps):
        emotion, first = steps[step]
        last = marks[-1] if marks else None
        if last and last.emotion == emotion and last.end_s == step * step_s:
            marks[-1] = Mark(emotion, last.start_s, (step + 1) * step_s, last.second, last.href)
        else:
            marks.append(Mark(emotion, step * step_s, (step + 1) * step_s, first,
                              moment_url(ref, first)))
    return marks


def _strongest(tally):
    """Return (emotion, first second) of the emotion with the most ms, the earliest on a tie."""
    emotion = max(tally, key=lambda key: (tally[key][0], -tally[key][1]))
    return emotion, tally[emotion][1]


def moment_url(ref, second):
    """Return the recording page opened at `second` (the player there, the line in view)."""
    return reverse("recordings:detail", args=[ref]) + f"?t={second}#t-{second}"


def timeline(recording, lines, axis_ms, step_s, shared=True):
    """Return the Timeline of one call on an axis `axis_ms` long, in steps of `step_s`."""
    axis_ms = max(axis_ms, 1)
    scale = PLOT_WIDTH / axis_ms
    ends_s = -(-span_of(recording, lines) // 1000)  # the last step ends with the call
    strips = []
    for index, (speaker, steps) in enumerate(sorted(dominant_steps(lines, step_s).items())):
        top = index * (HEAD + STRIP + GAP)
        marks = tuple(
            Mark(m.emotion, m.start_s, end_s, m.second, m.href,
                 x=_rounded(PLOT_X + m.start_s * 1000 * scale),
                 width=_rounded(max(1.5, (end_s - m.start_s) * 1000 * scale)))
            for m in runs(steps, step_s, recording.ref)
            for end_s in [max(m.start_s + 1, min(m.end_s, ends_s))]
        )
        strips.append(Strip(speaker, _short(speaker), top + 13, top + HEAD, marks))
    axis_y = len(strips) * (HEAD + STRIP + GAP)
    mostly = "; ".join(f"{strip.speaker}: " + ", ".join(
        f"{m.label.lower()} from {_clock(m.start_s)}" for m in strip.marks) for strip in strips)
    return Timeline(
        width=WIDTH,
        height=axis_y + AXIS,
        plot_x=PLOT_X,
        track_width=_rounded(min(PLOT_WIDTH, span_of(recording, lines) * scale)),
        strip_height=STRIP,
        strips=tuple(strips),
        ticks=_ticks(axis_ms, axis_y + 15),
        axis_y=axis_y,
        step_s=step_s,
        description=f"Dominant emotion per {_step_words(step_s)}, per speaker. {mostly}.",
        shared=shared,
    )


def timelines(first, second):
    """Return the Timelines of two (recording, lines) pairs: on one shared axis, the same time
    at the same place, unless one call is more than SHARE_RATIO times as long as the other (the
    shorter would shrink to a sliver); then each on its own axis, in steps of its own."""
    spans = span_of(*first), span_of(*second)
    if max(spans) <= SHARE_RATIO * max(1, min(spans)):
        step_s = step_for(max(spans))
        return tuple(timeline(*pair, max(spans), step_s) for pair in (first, second))
    return tuple(timeline(*pair, span, step_for(span), shared=False)
                 for pair, span in zip((first, second), spans, strict=True))


def legend(*charts):
    """Return [(key, label, fill)] of the emotions shown on any of `charts`, in EMOTIONS order."""
    shown = {mark.emotion for chart in charts for strip in chart.strips for mark in strip.marks}
    return [(key, key.capitalize(), EMOTION_COLOURS[key]) for key in EMOTIONS if key in shown]


def _ticks(axis_ms, y):
    """Return (x, y, anchor, m:ss) at a round interval; the end labels never leave the frame."""
    seconds = axis_ms / 1000
    every = next((t for t in TICKS_S if seconds / t <= MAX_TICKS - 1), TICKS_S[-1])
    ticks = []
    for n in range(int(seconds // every) + 1):
        x = _rounded(PLOT_X + PLOT_WIDTH * n * every / seconds)
        anchor = "start" if n == 0 else "end" if x > WIDTH - 20 else "middle"
        ticks.append((x, y, anchor, _clock(n * every)))
    return tuple(ticks)


def _step_words(step_s):
    if step_s % 60:
        return f"{step_s} seconds"
    return "minute" if step_s == 60 else f"{step_s // 60} minutes"


def _clock(seconds):
    hours, rest = divmod(int(seconds), 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


def _short(name):
    name = name or "Speaker"
    return name if len(name) <= MAX_NAME else name[: MAX_NAME - 1] + "…"


def _rounded(value):
    value = round(value, 1)
    return int(value) if value == int(value) else value
