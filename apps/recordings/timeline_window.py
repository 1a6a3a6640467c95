"""What one view shows of the timeline (timeline.py): the stretch of the call, and its axis.

The stretch is asked for in the URL (`?span=600&from=1800`: the zoom without JavaScript, and what
static/js/review.js keeps there when it zooms in place). The axis labels are drawn in pixels at
percentages of the width, so the browser never squeezes or cuts them off; review.js draws them
again for the width it measures (keep its ticks() in step with the one here).
"""

from dataclasses import dataclass

from .analysis.timing import clock
from .charts.layout import rounded

SPANS = ((0, "Whole call"), (1800, "30 minutes"), (600, "10 minutes"), (300, "5 minutes"),
         (60, "1 minute"))
TICK_STEPS = (1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200)
# A phone's narrow timeline holds four intervals of clock labels without their touching;
# review.js fits as many as the width it measures holds.
MAX_TICKS = 4
EDGE_PCT = 6  # a label this close to an end is anchored to it, so it is never cut off
CROWDED_PCT = 30  # a label this close to the end label, itself pulled inwards, would touch it


@dataclass(frozen=True)
class Window:
    """The stretch of the call the timeline shows, in whole seconds."""

    start: int
    span: int  # 0: the whole call
    duration_s: float

    @property
    def end(self):
        return self.duration_s if not self.span else min(self.duration_s, self.start + self.span)

    width = property(lambda self: rounded(self.end - self.start))

    @property
    def text(self):
        """Return what the timeline shows, in words (review.js says the same when it zooms)."""
        whole = clock(self.duration_s * 1000)
        if not self.span:
            return f"The whole call, {whole}"
        return f"{clock(self.start * 1000)}–{clock(self.end * 1000)} of {whole}"

    @property
    def earlier(self):
        return max(0, self.start - self.span * 4 // 5) if self.span and self.start > 0 else None

    @property
    def later(self):
        if not self.span or self.end >= self.duration_s:
            return None
        return min(int(self.start + self.span * 4 // 5), int(self.duration_s - self.span))


def window(query, duration_ms):
    """Return the Window asked for by `?span=` and `?from=` (seconds); the whole call for
    anything else, a window always inside the call."""
    duration_s = max(1, duration_ms) / 1000
    spans = {str(span) for span, _ in SPANS if span}
    raw_span, raw_from = query.get("span", ""), query.get("from", "")
    if raw_span not in spans or int(raw_span) >= duration_s:
        return Window(0, 0, duration_s)
    span = int(raw_span)
    start = int(raw_from) if raw_from.isascii() and raw_from.isdigit() and len(raw_from) < 7 else 0
    return Window(max(0, min(start, int(duration_s - span))), span, duration_s)


def spans_for(duration_ms):
    """Return the (seconds, words) zoom choices shorter than the call (the whole call first)."""
    return [(span, words) for span, words in SPANS if span == 0 or span * 1000 < duration_ms]


@dataclass(frozen=True)
class Tick:
    pct: float
    label: str
    anchor: str  # "start", "middle" or "end": labels near an end lean inwards


def ticks(view):
    """Return the axis labels of a Window: at most MAX_TICKS round times, never cut off."""
    start, width = view.start, max(view.end - view.start, 0.001)
    step = next((step for step in TICK_STEPS if width / step <= MAX_TICKS), TICK_STEPS[-1])
    first = -(-int(start) // step) * step
    found = []
    moment = first
    while moment <= view.end + 1e-9:
        pct = rounded((moment - start) * 100 / width)
        anchor = "start" if pct < EDGE_PCT else "end" if pct > 100 - EDGE_PCT else "middle"
        found.append(Tick(pct, clock(moment * 1000), anchor))
        moment += step
    if len(found) > 2 and found[-1].anchor == "end" and found[-2].pct > 100 - CROWDED_PCT:
        del found[-2]
    return tuple(found)
