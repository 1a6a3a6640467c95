"""Who spoke when: a lane per speaker, a bar per turn, the pauses marked, a time axis."""

from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString

from apps.recordings.analysis.timing import clock

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
)

AXIS_HEIGHT = 28
TOP = 16  # room for the markers of non-compliant pauses
PAUSE_FILL = "#7a8699"
LONG_PAUSE_FILL = "#c62828"
TICK_STEPS = (1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200)
MAX_TICKS = 10


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
        y = rounded(self.y)
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
            Bar(rounded(PLOT_X + start * scale),
                rounded(max(MIN_BAR_WIDTH, (end - start) * scale)))
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
        x=rounded(x),
        width=rounded(width),
        compliant=bool(pause.compliant),
        title=f"Pause {clock(start)}–{clock(end)}, {(end - start) / 1000:.1f} s, {kind}",
        fill=PAUSE_FILL if pause.compliant else LONG_PAUSE_FILL,
        marker="" if pause.compliant else f"M{rounded(centre - 6)} 2h12l-6 10z",
    )


def _ticks(total_ms, scale):
    seconds = total_ms / 1000
    step = next((s for s in TICK_STEPS if seconds / s <= MAX_TICKS), TICK_STEPS[-1] * 2)
    count = int(seconds // step)
    return tuple(
        Tick(rounded(PLOT_X + n * step * 1000 * scale), clock(n * step * 1000))
        for n in range(count + 1)
    )
