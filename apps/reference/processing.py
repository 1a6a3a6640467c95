"""How long IdentityCall typically takes to process a recording, and when one should be done.

The table is IdentityCall's FAQ (docs/api-decisions.md, "Estimated finish"); the recordings pages
and the overview both read it from here.
"""

import math
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
