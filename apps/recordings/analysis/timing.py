"""Times as the page shows them: m:ss clocks, `?t=` deep links, and the estimated finish."""

import math
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

# The processing-time table of IdentityCall's FAQ: (audio shorter than seconds, low, high) seconds.
PROCESSING_TIMES = (
    (5 * 60, 30, 60),
    (15 * 60, 60, 3 * 60),
    (60 * 60 + 1, 3 * 60, 10 * 60),
    (math.inf, 10 * 60, 20 * 60),
)


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
