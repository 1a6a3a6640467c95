"""Failed-login counters per username and per client address, kept in Django's cache.

With CACHE_URL pointing at Redis every instance of the console counts in the same place;
production without CACHE_URL counts in the database cache, shared by every process using it. Each
counter lives for one window from its first failure (a fixed window: the cache's increment keeps
the expiry), next to a key remembering when that window ends, to tell people how long to wait.
"""

import hashlib
import logging
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

PREFIX = "login-throttle"
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Counter:
    key: str
    limit: int


def counters(username: str, address: str | None) -> list[Counter]:
    """Return the counters a login attempt for username from address is measured against."""
    # Hashed: a username may hold characters a cache key must not; case-folded, so "Ada" and
    # "ada" share one allowance.
    digest = hashlib.sha256(username.strip().casefold().encode()).hexdigest()[:32]
    found = [Counter(f"{PREFIX}:user:{digest}", settings.LOGIN_THROTTLE_USER_LIMIT)]
    if address:
        found.append(Counter(f"{PREFIX}:address:{address}", settings.LOGIN_THROTTLE_ADDRESS_LIMIT))
    return found


def seconds_blocked(username: str, address: str | None) -> int:
    """Return how many seconds logins for username from address stay refused (0 = allowed)."""
    keys = [key for counter in counters(username, address) for key in (counter.key, _ends(counter))]
    stored = cache.get_many(keys)
    now, window = time.time(), settings.LOGIN_THROTTLE_WINDOW_SECONDS
    waits = [
        # A counter whose end was evicted from the cache waits one whole window.
        math.ceil((stored.get(_ends(counter)) or now + window) - now)
        for counter in counters(username, address)
        if stored.get(counter.key, 0) >= counter.limit
    ]
    return max([wait for wait in waits if wait > 0], default=0)


def note_failure(username: str, address: str | None) -> None:
    """Count one failed login against the username and the address."""
    window = settings.LOGIN_THROTTLE_WINDOW_SECONDS
    for counter in counters(username, address):
        # add() only sets a key that is missing, so the window starts at the first failure.
        cache.add(_ends(counter), time.time() + window, window)
        cache.add(counter.key, 0, window)
        try:
            cache.incr(counter.key)
        except ValueError:  # expired between add() and incr()
            cache.set(counter.key, 1, window)


def note_success(username: str) -> None:
    """Forget the username's failures after a successful login."""
    # The address keeps its count: otherwise one known account could clear the way for guessing.
    counter = counters(username, None)[0]
    cache.delete_many([counter.key, _ends(counter)])


def wait_message(seconds: int) -> str:
    """Return the sentence shown while logins are refused."""
    minutes = max(1, math.ceil(seconds / 60))
    unit = "minute" if minutes == 1 else "minutes"
    return f"Too many failed attempts; try again in {minutes} {unit}."


def announce_store() -> None:
    """Log where the counts are kept and which server processes share them (at server start)."""
    backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    if backend == "RedisCache":  # its LOCATION is not logged: it may hold a password
        logger.info("Login throttle: login failures are counted in Redis (CACHE_URL), shared by "
                    "every process and instance that uses it.")
    elif backend == "DatabaseCache":
        logger.warning("Login throttle: login failures are counted in the database cache, shared "
                       "by every process using this database; with several instances set "
                       "CACHE_URL to a shared Redis (redis://host:6379/0), which takes that load "
                       "off the database.")
    else:
        logger.info("Login throttle: login failures are counted in this process's memory (%s), "
                    "which suits one development server: other processes do not see them.",
                    backend)


def _ends(counter: Counter) -> str:
    return f"{counter.key}:ends"
