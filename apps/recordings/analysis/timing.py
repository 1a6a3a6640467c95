"""Times as the page shows them: m:ss clocks and `?t=` deep links; the estimated finish comes from
apps/reference/processing.py."""

import re

from apps.reference.processing import Eta, estimate_finish  # noqa: F401 (the pages' import)


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
