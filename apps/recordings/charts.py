"""Geometry of the detail page's three inline SVG charts, computed on the server.

Templates only print the numbers computed here (rounded to one decimal, so a 1,500-turn call stays
a few dozen kilobytes): who spoke when with the pauses, talk time per speaker, and emotions over
each speaker's turns, bucketed to at most MAX_BUCKETS points.
"""

from dataclasses import dataclass
from html import escape
from itertools import pairwise

from django.utils.safestring import SafeString

from .analysis import EMOTION_LABELS, EMOTIONS, clock

WIDTH = 960
LABEL_WIDTH = 170  # room for a speaker's name left of the plot
PLOT_X = LABEL_WIDTH + 10
PLOT_WIDTH = WIDTH - PLOT_X - 20
LANE_HEIGHT = 30
BAR_HEIGHT = 18
AXIS_HEIGHT = 28
TOP = 16  # room for the markers of non-compliant pauses
MIN_BAR_WIDTH = 0.6
MAX_BUCKETS = 60
EMOTION_HEIGHT = 64
EMOTION_GAP = 16
LABEL_X = PLOT_X - 10
MAX_NAME = 22

# Emotion colours for the stacked areas; the legend and a data table say the same in words.
EMOTION_COLOURS = {
    "happy": "#e0a100",
    "neutral": "#8a94a6",
    "calm": "#3b9c8f",
    "sad": "#3d6fb6",
    "angry": "#c62828",
    "fearful": "#7e57c2",
    "surprised": "#ef7c2a",
    "disgust": "#5d7b2f",
}
NO_SCORES = (0.0,) * len(EMOTIONS)
PAUSE_FILL = "#7a8699"
LONG_PAUSE_FILL = "#c62828"
TICK_STEPS = (1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200)
MAX_TICKS = 10


def _r(value):
    """Return a coordinate rounded to one decimal, without a trailing `.0`."""
    rounded = round(value, 1)
    return int(rounded) if rounded == int(rounded) else rounded


def short_name(name):
    """Return `name` cut to fit the label column (the full name is in the chart's table)."""
    return name if len(name) <= MAX_NAME else name[: MAX_NAME - 1] + "…"


# --- who spoke when ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Bar:
    x: float
    width: float


@dataclass(frozen=True)
class Lane:
    speaker: object
    label: str
    y: float
    label_y: float
    bars: tuple

    @property
    def rects(self):
        """Return the bars as SVG <rect>s: one call, not a template loop over 1,500 turns."""
        y = _r(self.y)
        # Only numbers computed here go into this markup, nothing from IdentityCall.
        return SafeString("".join(
            f'<rect x="{bar.x}" y="{y}" width="{bar.width}" height="{BAR_HEIGHT}"/>'
            for bar in self.bars
        ))


@dataclass(frozen=True)
class PauseMark:
    x: float
    width: float
    compliant: bool
    title: str
    fill: str
    marker: str  # a small triangle above the lanes for a pause that is not compliant, else ""


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    label_x: int
    plot_x: int
    plot_right: int
    lanes_top: int
    lanes_bottom: int
    lanes_height: int
    axis_y: int
    lanes: tuple
    pauses: tuple
    ticks: tuple
    description: str

    @property
    def pauses_svg(self):
        """Return the pauses as SVG groups: one call, not a template loop (a call may have
        hundreds). Only the console's own numbers and words go in; the title is escaped anyway."""
        return SafeString("\n".join(
            _pause_svg(pause, self.lanes_top, self.lanes_height) for pause in self.pauses
        ))


def _pause_svg(pause, top, height):
    marker = f'<path d="{pause.marker}" fill="{pause.fill}"/>' if pause.marker else ""
    return (
        f'<g class="pause{"" if pause.compliant else " pause--long"}">'
        f"<title>{escape(pause.title)}</title>"
        f'<rect x="{pause.x}" y="{top}" width="{pause.width}" height="{height}" '
        f'fill="{pause.fill}" fill-opacity=".35"/>{marker}</g>'
    )


def timeline(dialogues, speakers, pauses, *, duration_ms=None):
    """Return the who-spoke-when chart: a lane per speaker, a bar per dialogue, pauses marked."""
    total = _total_ms(dialogues, pauses, duration_ms)
    scale = PLOT_WIDTH / total
    lanes_bottom = TOP + LANE_HEIGHT * len(speakers)
    bars = {speaker.name: [] for speaker in speakers}
    for dialogue in dialogues:
        start, end = dialogue.start_ms or 0, dialogue.end_ms or dialogue.start_ms or 0
        bars[dialogue.speaker_name].append(
            Bar(_r(PLOT_X + start * scale), _r(max(MIN_BAR_WIDTH, (end - start) * scale)))
        )
    lanes = tuple(
        Lane(
            speaker=speaker,
            label=short_name(speaker.name),
            y=TOP + index * LANE_HEIGHT + (LANE_HEIGHT - BAR_HEIGHT) / 2,
            label_y=TOP + index * LANE_HEIGHT + LANE_HEIGHT / 2 + 5,
            bars=tuple(bars[speaker.name]),
        )
        for index, speaker in enumerate(speakers)
    )
    marks = tuple(_pause_mark(pause, scale) for pause in pauses)
    long_pauses = sum(1 for mark in marks if not mark.compliant)
    return Timeline(
        width=WIDTH,
        height=lanes_bottom + AXIS_HEIGHT,
        label_x=LABEL_X,
        plot_x=PLOT_X,
        plot_right=PLOT_X + PLOT_WIDTH,
        lanes_top=TOP,
        lanes_bottom=lanes_bottom,
        lanes_height=lanes_bottom - TOP,
        axis_y=lanes_bottom + 18,
        lanes=lanes,
        pauses=marks,
        ticks=_ticks(total, scale),
        description=(
            f"{len(dialogues)} turns by {len(speakers)} speakers over {clock(total)}; "
            f"{len(marks)} pauses, {long_pauses} of them not compliant."
        ),
    )


def _total_ms(dialogues, pauses, duration_ms):
    ends = [d.end_ms or 0 for d in dialogues] + [p.end_ms or 0 for p in pauses]
    return max([duration_ms or 0, *ends, 1000])


def _pause_mark(pause, scale):
    start = pause.start_ms or 0
    end = pause.end_ms if pause.end_ms is not None else start + (pause.duration_ms or 0)
    x, width = PLOT_X + start * scale, max(1.5, (end - start) * scale)
    kind = "compliant" if pause.compliant else "not compliant"
    centre = x + width / 2
    return PauseMark(
        x=_r(x),
        width=_r(width),
        compliant=bool(pause.compliant),
        title=f"Pause {clock(start)}–{clock(end)}, {(end - start) / 1000:.1f} s, {kind}",
        fill=PAUSE_FILL if pause.compliant else LONG_PAUSE_FILL,
        marker="" if pause.compliant else f"M{_r(centre - 6)} 2h12l-6 10z",
    )


def _ticks(total_ms, scale):
    seconds = total_ms / 1000
    step = next((s for s in TICK_STEPS if seconds / s <= MAX_TICKS), TICK_STEPS[-1] * 2)
    count = int(seconds // step)
    return tuple(
        Tick(_r(PLOT_X + n * step * 1000 * scale), clock(n * step * 1000))
        for n in range(count + 1)
    )


# --- talk time -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TalkBar:
    speaker: object
    label: str
    y: float
    label_y: float
    width: float
    value_x: float
    pct: int


@dataclass(frozen=True)
class TalkTime:
    width: int
    height: int
    label_x: int
    plot_x: int
    bar_height: int
    bars: tuple
    description: str


def talk_time(speakers):
    """Return horizontal bars of each speaker's share of the talking (percentages sum to 100)."""
    percentages = whole_percentages([speaker.talk_ms for speaker in speakers])
    bars = tuple(
        TalkBar(
            speaker=speaker,
            label=short_name(speaker.name),
            y=8 + index * LANE_HEIGHT,
            label_y=8 + index * LANE_HEIGHT + BAR_HEIGHT / 2 + 5,
            width=_r(max(MIN_BAR_WIDTH, PLOT_WIDTH * 0.85 * pct / 100)),
            value_x=_r(PLOT_X + PLOT_WIDTH * 0.85 * pct / 100 + 8),
            pct=pct,
        )
        for index, (speaker, pct) in enumerate(zip(speakers, percentages, strict=True))
    )
    parts = "; ".join(f"{s.name}: {s.talk_clock} ({p}%)" for s, p in zip(speakers, percentages,
                                                                          strict=True))
    return TalkTime(WIDTH, 8 + LANE_HEIGHT * len(speakers), LABEL_X, PLOT_X, BAR_HEIGHT, bars,
                    f"Talk time per speaker. {parts}.")


def whole_percentages(values):
    """Return whole percentages of `values` that add up to exactly 100 (largest remainder)."""
    total = sum(values)
    if total <= 0:
        return [0 for _ in values]
    exact = [value * 100 / total for value in values]
    whole = [int(share) for share in exact]
    by_remainder = sorted(range(len(values)), key=lambda i: exact[i] - whole[i], reverse=True)
    for index in by_remainder[: 100 - sum(whole)]:
        whole[index] += 1
    return whole


# --- emotions over time --------------------------------------------------------------------------


@dataclass(frozen=True)
class Layer:
    emotion: str
    label: str
    fill: str
    d: str


@dataclass(frozen=True)
class EmotionPanel:
    speaker: object
    label: str
    top: float
    label_y: float
    note_y: float
    turns: int
    buckets: int
    layers: tuple
    averages: tuple  # (emotion key, label, whole percentage) in EMOTIONS order
    dominant: str


@dataclass(frozen=True)
class EmotionChart:
    width: int
    height: int
    label_x: int
    plot_x: int
    plot_width: int
    panel_height: int
    panels: tuple
    legend: tuple  # (key, label, fill)
    description: str


def emotions(dialogues, speakers):
    """Return a small multiple per speaker: stacked emotion shares over their turns, bucketed."""
    turns = {speaker.name: [] for speaker in speakers}
    for dialogue in dialogues:
        turns[dialogue.speaker_name].append(_scores(dialogue.emotion))
    panels = tuple(
        _emotion_panel(speaker, turns[speaker.name], index)
        for index, speaker in enumerate(speakers)
    )
    description = "; ".join(
        f"{panel.speaker.name} is mostly {EMOTION_LABELS[panel.dominant].lower()}"
        for panel in panels if panel.dominant
    )
    return EmotionChart(
        width=WIDTH,
        height=len(panels) * (EMOTION_HEIGHT + EMOTION_GAP) + EMOTION_GAP,
        label_x=LABEL_X,
        plot_x=PLOT_X,
        plot_width=PLOT_WIDTH,
        panel_height=EMOTION_HEIGHT,
        panels=panels,
        legend=tuple((key, EMOTION_LABELS[key], EMOTION_COLOURS[key]) for key in EMOTIONS),
        description=f"Emotion shares over each speaker's turns. {description}.",
    )


def _scores(emotion):
    """Return the eight scores of one dialogue in EMOTIONS order (missing or negative → 0)."""
    # The client keeps only the documented keys, as floats; `> 0.0` also turns a NaN into 0.
    return [score if score > 0.0 else 0.0
            for score in map((emotion or {}).get, EMOTIONS, NO_SCORES)]


def bucket(rows, limit=MAX_BUCKETS):
    """Return the element-wise means of `rows` in at most `limit` consecutive, even buckets."""
    return _bucket_columns(list(zip(*rows, strict=True)), len(rows), limit)


def _bucket_columns(columns, length, limit):
    """Return bucket() of the rows whose columns (each `length` long) are `columns`."""
    count = min(limit, length)
    bounds = [index * length // count for index in range(count + 1)]
    return [[sum(column[low:high]) / (high - low) for column in columns]
            for low, high in pairwise(bounds)]


def _emotion_panel(speaker, rows, index):
    top = EMOTION_GAP + index * (EMOTION_HEIGHT + EMOTION_GAP)
    columns = list(zip(*rows, strict=True))
    buckets = [_normalised(row) for row in _bucket_columns(columns, len(rows), MAX_BUCKETS)]
    steps = len(buckets)
    if len(buckets) == 1:
        buckets = buckets * 2  # a single turn still spans the panel
    xs = [_r(PLOT_X + i * PLOT_WIDTH / max(1, len(buckets) - 1)) for i in range(len(buckets))]
    floor = [0.0] * len(buckets)
    floor_line = _line(xs, floor, top)
    layers = []
    for position, key in enumerate(EMOTIONS):
        ceiling = [low + row[position] for low, row in zip(floor, buckets, strict=True)]
        ceiling_line = _line(xs, ceiling, top)  # each layer's top is the next one's bottom
        if any(high > low for low, high in zip(floor, ceiling, strict=True)):
            layers.append(Layer(key, EMOTION_LABELS[key], EMOTION_COLOURS[key],
                                f"M{' '.join(ceiling_line)} L{' '.join(reversed(floor_line))}Z"))
        floor, floor_line = ceiling, ceiling_line
    totals = [sum(column) for column in columns] if rows else [0] * len(EMOTIONS)
    averages = whole_percentages(totals)
    ranked = sorted(zip(EMOTIONS, averages, strict=True), key=lambda pair: pair[1], reverse=True)
    dominant = ranked[0][0] if ranked and ranked[0][1] > 0 else ""
    return EmotionPanel(
        speaker=speaker,
        label=short_name(speaker.name),
        top=top,
        label_y=top + 24,
        note_y=top + 42,
        turns=len(rows),
        buckets=steps,
        layers=tuple(layers),
        averages=tuple((key, EMOTION_LABELS[key], pct)
                       for key, pct in zip(EMOTIONS, averages, strict=True)),
        dominant=dominant,
    )


def _normalised(row):
    # IdentityCall docs gap: the eight scores add up to 1 in every example (a distribution) but the
    # docs do not say so; shares are normalised so the stacked bands always fill the panel.
    total = sum(row)
    return [value / total for value in row] if total > 0 else row


def _line(xs, shares, top):
    """Return the "x y" points of a stacked line at `shares` of the panel (y grows downwards)."""
    return [f"{x} {_r(top + EMOTION_HEIGHT * (1 - share))}"
            for x, share in zip(xs, shares, strict=True)]
