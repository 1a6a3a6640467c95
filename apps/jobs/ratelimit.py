"""One pause per key, shared by every worker: after IdentityCall answers 429 with Retry-After, no
task sends with that key until the time has passed, so queued work does not hammer a limit one
task has already met. Keyed on the client's fingerprint (never the key), in the shared cache."""

import time

from django.core.cache import cache


def _cache_key(fingerprint):
    return f"jobs:paused:{fingerprint}"


def pause(fingerprint, seconds):
    """Hold every task using the key with this fingerprint for `seconds` (never shortening a
    longer pause already set)."""
    until = time.time() + seconds
    if until > cache.get(_cache_key(fingerprint), 0):
        cache.set(_cache_key(fingerprint), until, timeout=int(seconds) + 1)


def paused_for(fingerprint):
    """Seconds left before tasks may send with this key again (0 when they may now)."""
    return max(0.0, cache.get(_cache_key(fingerprint), 0) - time.time())
