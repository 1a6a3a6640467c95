"""Rarely changing lists (projects, operators) kept per API key in Django's cache for a minute.

Many pages need the projects list only for names (the recordings list, a recording's page, the
upload form) and the dashboard only counts projects and operators; asking IdentityCall again on
every page view doubles the calls. The lists are cached under a key derived from a hash of the base
URL and the API key — never the key itself — so two users sharing a key share the entry and a new
key starts empty. Views that write projects or operators call forget(); anything changed outside
the console shows after at most TTL_SECONDS. With the default per-process (locmem) cache each
server process forgets only its own copy; CACHE_URL=redis://… shares one copy and its forgetting.
"""

import hashlib

from django.core.cache import cache

TTL_SECONDS = 60
LISTS = {"projects": "list_projects", "operators": "list_operators"}


def scope(client) -> str | None:
    """Return a stable, irreversible name for the client's (base URL, API key) pair, or None for
    a client without them (a test double): such a client is never cached."""
    # AuditedClient forwards base_url and _api_key to the IdentityCallClient it wraps.
    base_url, api_key = getattr(client, "base_url", None), getattr(client, "_api_key", None)
    if not isinstance(base_url, str) or not isinstance(api_key, str):
        return None
    return hashlib.sha256(f"{base_url}\n{api_key}".encode()).hexdigest()[:40]


def _key(client, name):
    if name not in LISTS:
        raise ValueError(f"{name!r} is not a cached list")
    named = scope(client)
    return None if named is None else f"identitycall:{name}:{named}"


def peek(client, name):
    """Return the cached list `name`, or None when it is not cached."""
    key = _key(client, name)
    return None if key is None else cache.get(key)


def store(client, name, value):
    """Remember `value` as the list `name` for TTL_SECONDS; return it."""
    if (key := _key(client, name)) is not None:
        cache.set(key, value, TTL_SECONDS)
    return value


def cached(client, name, *, fresh=False):
    """Return the list `name` ("projects" or "operators"), asking IdentityCall only when it is
    not cached (or fresh); raises what the client raises."""
    value = None if fresh else peek(client, name)
    if value is None:
        value = store(client, name, getattr(client, LISTS[name])())
    return value


def projects(client, *, fresh=False):
    """Return the key's projects (short form), cached."""
    return cached(client, "projects", fresh=fresh)


def operators(client, *, fresh=False):
    """Return the key's operators, cached."""
    return cached(client, "operators", fresh=fresh)


def forget(client, *names):
    """Drop the cached lists `names` (all of them when none is given), after a write."""
    keys = [_key(client, name) for name in names or LISTS]
    cache.delete_many([key for key in keys if key is not None])
