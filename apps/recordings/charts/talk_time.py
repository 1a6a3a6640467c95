"""Talk time: a bar per speaker under their name, their share of the talking in whole percent."""

from dataclasses import dataclass

from .layout import MIN_BAR_WIDTH, PLOT_WIDTH, PLOT_X, WIDTH, rounded, short_name, whole_percentages

ROW_HEIGHT = 42
BAR_HEIGHT = 16
BAR_SHARE = 0.78  # the longest bar leaves room for its figure after it


@dataclass(frozen=True)
class TalkBar:
    speaker: object
    label: str
    label_y: float
    y: float
    value_y: float
    width: float
    value_x: float
    pct: int


@dataclass(frozen=True)
class TalkTime:
    width: int
    height: int
    plot_x: int
    bar_height: int
    bars: tuple
    description: str


def talk_time(speakers):
    """Return a bar per speaker of their share of the talking (percentages sum to 100)."""
    percentages = whole_percentages([speaker.talk_ms for speaker in speakers])
    bars = tuple(
        TalkBar(
            speaker=speaker,
            label=short_name(speaker.name),
            label_y=index * ROW_HEIGHT + 14,
            y=index * ROW_HEIGHT + 20,
            value_y=index * ROW_HEIGHT + 20 + BAR_HEIGHT - 3,
            width=rounded(max(MIN_BAR_WIDTH, PLOT_WIDTH * BAR_SHARE * pct / 100)),
            value_x=rounded(PLOT_X + PLOT_WIDTH * BAR_SHARE * pct / 100 + 6),
            pct=pct,
        )
        for index, (speaker, pct) in enumerate(zip(speakers, percentages, strict=True))
    )
    parts = "; ".join(f"{s.name}: {s.talk_clock} ({p}%)" for s, p in zip(speakers, percentages,
                                                                          strict=True))
    return TalkTime(WIDTH, ROW_HEIGHT * len(speakers) + 2, PLOT_X, BAR_HEIGHT, bars,
                    f"Talk time per speaker. {parts}.")
