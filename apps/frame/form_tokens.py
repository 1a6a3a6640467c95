"""One-time tokens that stop a create form from creating twice when it is submitted twice.

`data-once` disables the submit button after the first click, but a form can still arrive twice
(JavaScript off, a retried request, Back and submit again). Each create form carries a fresh
`form_token`; the first post claims it atomically in the cache and records what it created, and a
later post with the same token is sent to that object instead of creating another one.

A post whose outcome is unknown (IdentityCall may or may not have created the item) leaves the token
UNKNOWN: the next post with it must first look for the item (apps/frame/items.py, create_once) and
may create only if it is not there; `take_over` lets one post at a time do that.
"""

import uuid

from django.core.cache import cache

TTL_SECONDS = 15 * 60
# A form left open after an unknown outcome may be sent again much later; it must still look first.
UNKNOWN_TTL_SECONDS = 24 * 60 * 60
PENDING = "pending"
DONE = "done"
UNKNOWN = "unknown"


def new_token() -> str:
    """Return a fresh token for a form about to be shown."""
    return uuid.uuid4().hex


def _cache_key(request, token) -> str:
    # Per user, so one person's token can never replay another's outcome.
    return f"form-token:{request.user.pk}:{token}"


def claim(request, token: str | None) -> dict | None:
    """Return None when this post may go ahead (token claimed), else the first post's outcome.

    The outcome is `{"state": "pending"}` while the first post is still running,
    `{"state": "done", "url": ..., "label": ...}` once it created something, or
    `{"state": "unknown", "check": ...}` when it may or may not have. A post without a token is
    never blocked.
    """
    if not token:
        return None
    key = _cache_key(request, token)
    if cache.add(key, {"state": PENDING}, TTL_SECONDS):
        return None
    return cache.get(key) or {"state": PENDING}


def complete(request, token: str | None, *, url: str, label: str) -> None:
    """Record what the post holding token created, for any repeat of it."""
    if token:
        cache.set(
            _cache_key(request, token), {"state": DONE, "url": url, "label": label}, TTL_SECONDS
        )


def release(request, token: str | None) -> None:
    """Free token after a post that created nothing, so the same form can be sent again."""
    if token:
        cache.delete(_cache_key(request, token))


def mark_unknown(request, token: str | None) -> None:
    """Record that the post holding token may or may not have created something."""
    if token:
        # A new `check` each time, so that each unknown outcome can be taken over exactly once.
        outcome = {"state": UNKNOWN, "check": uuid.uuid4().hex}
        cache.set(_cache_key(request, token), outcome, UNKNOWN_TTL_SECONDS)


def take_over(request, token: str, outcome: dict) -> bool:
    """Return True when this post may look for, then create, what an unknown outcome left.

    Of several posts that saw the same unknown outcome exactly one wins (an atomic cache.add);
    the token is then pending again, as for a first post.
    """
    key = _cache_key(request, token)
    if not cache.add(f"{key}:{outcome.get('check')}", True, UNKNOWN_TTL_SECONDS):
        return False
    cache.set(key, {"state": PENDING}, TTL_SECONDS)
    return True
