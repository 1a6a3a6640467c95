"""One-time tokens that stop a create form from creating twice when it is submitted twice.

`data-once` disables the submit button after the first click, but a form can still arrive twice
(JavaScript off, a retried request, Back and submit again). Each create form carries a fresh
`form_token`; the first post claims it atomically in the cache and records what it created, and a
later post with the same token is sent to that object instead of creating another one.
"""

import uuid

from django.core.cache import cache

TTL_SECONDS = 15 * 60
PENDING = "pending"


def new_token() -> str:
    """Return a fresh token for a form about to be shown."""
    return uuid.uuid4().hex


def _cache_key(request, token) -> str:
    # Per user, so one person's token can never replay another's outcome.
    return f"form-token:{request.user.pk}:{token}"


def claim(request, token: str | None) -> dict | None:
    """Return None when this post may go ahead (token claimed), else the first post's outcome.

    The outcome is `{"state": "pending"}` while the first post is still running, or
    `{"state": "done", "url": ..., "label": ...}` once it created something. A post without a
    token is never blocked.
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
            _cache_key(request, token), {"state": "done", "url": url, "label": label}, TTL_SECONDS
        )


def release(request, token: str | None) -> None:
    """Free token after a post that created nothing, so the same form can be sent again."""
    if token:
        cache.delete(_cache_key(request, token))
