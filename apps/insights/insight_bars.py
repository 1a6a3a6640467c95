"""The insights page's bar charts: a horizontal bar per row (statuses, talk time, pause lengths)
and a 100 % bar per speaker role with a segment per emotion; drawn like the time charts of
insight_charts.py (whose frame width, labels and colours they share), each bar and segment a link
to the calls behind it."""

from dataclasses import dataclass

from apps.identitycall.resources.analysis import EMOTIONS
from apps.reference.emotions import EMOTION_COLOURS

from .insight_charts import WIDTH, rounded, short


@dataclass(frozen=True)
class Bar:
    label: str
    label_y: float
    y: float
    width: float
    value_x: float
    value_y: float
    value: str
    url: str


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    x: int
    bar_height: int
    bars: tuple
    description: str


def bars(items, what):
    """Return a horizontal bar per (label, number, text, url) of `items`, the name above it and
    `text` after it."""
    row, bar_height = 40, 16
    most = max((number for _, number, _, _ in items), default=0) or 1
    # The longest bar stops where the longest figure still fits after it (~7.6 units a character
    # at 13 units), so no figure is cut off at the frame's edge.
    longest = max((len(text) for _, _, text, _ in items), default=0)
    plot = WIDTH - 8 - 10 - 7.6 * longest
    built = []
    for index, (label, number, text, url) in enumerate(items):
        width = plot * number / most
        built.append(Bar(short(label), index * row + 14, index * row + 19,
                         rounded(max(0.6, width)), rounded(4 + width + 6),
                         index * row + 19 + bar_height - 3, text, url))
    parts = "; ".join(f"{label}: {text}" for label, _, text, _ in items)
    return BarChart(WIDTH, row * len(items) + 2, 4, bar_height, tuple(built), f"{what}. {parts}.")


@dataclass(frozen=True)
class Segment:
    x: float
    width: float
    fill: str
    title: str
    url: str


@dataclass(frozen=True)
class Stack:
    label: str
    label_y: float
    y: float
    segments: tuple


@dataclass(frozen=True)
class StackChart:
    width: int
    height: int
    bar_height: int
    stacks: tuple
    legend: tuple
    description: str


def emotion_stacks(rows, link):
    """Return a 100 % bar per role of figures.emotions's rows, a segment per emotion linking to
    the calls where someone felt it (`link(filters)`)."""
    row, bar_height, plot = 44, 20, WIDTH - 8
    stacks, said = [], []
    for index, ((role, *counts), _url) in enumerate(rows):
        total = sum(counts) or 1
        x, segments = 4.0, []
        for emotion, count in zip(EMOTIONS, counts, strict=True):
            if not count:
                continue
            width = plot * count / total
            share = round(100 * count / total)
            segments.append(Segment(rounded(x), rounded(width), EMOTION_COLOURS[emotion],
                                    f"{role}: {emotion} in {share}% of lines ({count})",
                                    link({"emotion": emotion})))
            x += width
        stacks.append(Stack(role, index * row + 14, index * row + 20, tuple(segments)))
        lead = max(zip(counts, EMOTIONS, strict=True))
        said.append(f"{role} mostly {lead[1]} ({round(100 * lead[0] / total)}% of lines)")
    legend = tuple((e.capitalize(), EMOTION_COLOURS[e]) for e in EMOTIONS)
    return StackChart(WIDTH, row * len(stacks) + 2, bar_height, tuple(stacks), legend,
                      "Emotion mix per speaker role. " + "; ".join(said) + ".")
