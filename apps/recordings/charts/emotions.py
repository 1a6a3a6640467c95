"""Emotions over time: per speaker, stacked emotion shares over their turns, bucketed."""

from dataclasses import dataclass
from itertools import pairwise

from apps.recordings.analysis.emotions import EMOTION_LABELS, EMOTIONS

from .layout import LABEL_X, PLOT_WIDTH, PLOT_X, WIDTH, rounded, short_name, whole_percentages

MAX_BUCKETS = 60
EMOTION_HEIGHT = 64
EMOTION_GAP = 16

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
    xs = [rounded(PLOT_X + i * PLOT_WIDTH / max(1, len(buckets) - 1)) for i in range(len(buckets))]
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
    return [f"{x} {rounded(top + EMOTION_HEIGHT * (1 - share))}"
            for x, share in zip(xs, shares, strict=True)]
