"""Each key's share of IdentityCall's rate limit for the index, shared by every worker.

A token bucket in the shared cache: time is cut into windows of `window_seconds()`, each holding
BURST requests; a window's counter is one atomic `incr`, so workers on any machine never spend
more than the window holds. With N = INDEX_REQUESTS_PER_MINUTE the windows last 60·BURST/(N−BURST)
seconds, so any 60 seconds overlap at most N/BURST windows: never more than N requests a minute
(docs/api-decisions.md, "Background work and the rate limit"). Keyed on the client's fingerprint.
"""

import time

from django.conf import settings
from django.core.cache import cache

BURST = 3  # requests per window: one recording's analysis (transcription, results, summary)


def window_seconds():
    per_minute = max(BURST * 2, settings.INDEX_REQUESTS_PER_MINUTE)
    return 60 * BURST / (per_minute - BURST)


def take(fingerprint, count=1, now=None):
    """Spend `count` requests (at most BURST) of the key's budget: return 0 when they may be sent
    now, else the seconds until the next window (nothing spent)."""
    now = time.time() if now is None else now
    window = window_seconds()
    index = int(now // window)
    key = f"insights:budget:{fingerprint}:{index}"
    cache.add(key, 0, timeout=int(window) + 2)
    try:
        used = cache.incr(key, count)
    except ValueError:  # expired between add and incr: a fresh window
        cache.set(key, count, timeout=int(window) + 2)
        used = count
    if used <= BURST:
        return 0.0
    try:
        cache.decr(key, count)  # not spent after all
    except ValueError:
        pass
    return max(0.01, (index + 1) * window - now)
