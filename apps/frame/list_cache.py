"""Rarely changing lists (projects, operators) kept per API key in Django's cache for a minute.

Many pages need the projects list only for names (the recordings list, a recording's page, the
upload form) and the dashboard only counts projects and operators; asking IdentityCall again on
every page view doubles the calls. The lists are cached under a key derived from a hash of the base
URL and the API key — never the key itself — so two users sharing a key share the entry and a new
key starts empty. Views that write projects or operators call forget(); anything changed outside
the console shows after at most TTL_SECONDS. With development's per-process (locmem) cache each
server process forgets only its own copy; production's database cache, or CACHE_URL=redis://…,
shares one copy and its forgetting.

Each project's counts (recordings, numbers), which GET /projects does not send, are kept the same
way for COUNTS_TTL_SECONDS, so the projects list asks for a project's full form at most once in
that time; forgetting "projects" forgets them too.
"""

import uuid

from django.core.cache import cache

TTL_SECONDS = 60
# Counts move with every upload anywhere; the project's own page always reads them fresh.
COUNTS_TTL_SECONDS = 300
LISTS = {"projects": "list_projects", "operators": "list_operators"}


def scope(client) -> str | None:
    """Return a stable, irreversible name for the client's (base URL, API key) pair, or None for
    a client without one (a test double): such a client is never cached."""
    fingerprint = getattr(client, "fingerprint", None)  # IdentityCallClient.fingerprint
    return fingerprint if isinstance(fingerprint, str) else None


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
    """Drop the cached lists `names` (all of them when none is given), after a write; the
    projects' kept counts go with "projects"."""
    keys = [_key(client, name) for name in names or LISTS]
    if "projects" in (names or LISTS) and (named := scope(client)) is not None:
        # A new generation orphans every kept count at once (they expire on their own).
        keys.append(_generation_key(named))
    cache.delete_many([key for key in keys if key is not None])


def _generation_key(named):
    return f"identitycall:project-counts-generation:{named}"


def _counts_prefix(client):
    """Return the cache key prefix of the client's kept counts, or None for a test double."""
    if (named := scope(client)) is None:
        return None
    generation = cache.get_or_set(_generation_key(named), lambda: uuid.uuid4().hex[:12], None)
    return f"identitycall:project-counts:{named}:{generation}:"


def project_counts(client, project_ids) -> dict:
    """Return {project id: (recordings_count, virtual_numbers_count)} for the ids with kept
    counts."""
    if not project_ids or (prefix := _counts_prefix(client)) is None:
        return {}
    keys = {f"{prefix}{project_id}": project_id for project_id in project_ids}
    return {keys[key]: counts for key, counts in cache.get_many(list(keys)).items()}


def remember_counts(client, project):
    """Keep a project's counts (from its full form) for COUNTS_TTL_SECONDS; return the project."""
    counts = (project.recordings_count, project.virtual_numbers_count)
    if project.id is not None and counts != (None, None):
        if (prefix := _counts_prefix(client)) is not None:
            cache.set(f"{prefix}{project.id}", counts, COUNTS_TTL_SECONDS)
    return project
