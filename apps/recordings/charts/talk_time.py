"""Talk time: a horizontal bar per speaker, their share of the talking in whole percentages."""

from dataclasses import dataclass

from .layout import (
    BAR_HEIGHT,
    LABEL_X,
    LANE_HEIGHT,
    MIN_BAR_WIDTH,
    PLOT_WIDTH,
    PLOT_X,
    WIDTH,
    rounded,
    short_name,
    whole_percentages,
)


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
            width=rounded(max(MIN_BAR_WIDTH, PLOT_WIDTH * 0.85 * pct / 100)),
            value_x=rounded(PLOT_X + PLOT_WIDTH * 0.85 * pct / 100 + 8),
            pct=pct,
        )
        for index, (speaker, pct) in enumerate(zip(speakers, percentages, strict=True))
    )
    parts = "; ".join(f"{s.name}: {s.talk_clock} ({p}%)" for s, p in zip(speakers, percentages,
                                                                          strict=True))
    return TalkTime(WIDTH, 8 + LANE_HEIGHT * len(speakers), LABEL_X, PLOT_X, BAR_HEIGHT, bars,
                    f"Talk time per speaker. {parts}.")
