"""The projects list needs counts the list endpoint does not send; this fetches them."""

import logging
from concurrent.futures import ThreadPoolExecutor

from apps.identitycall import errors
from apps.identitycall.resources import Project

logger = logging.getLogger(__name__)

MAX_COUNT_LOOKUPS = 50  # beyond this many projects the list shows "—" rather than wait longer
WORKERS = 8


def _full_form(client, project):
    """Return the project's full form, or the short one when IdentityCall cannot be asked."""
    try:
        return client.get_project(project.id)
    except errors.AuthenticationError:
        raise
    except errors.IdentityCallError as exc:
        logger.info("Counts of project %s unavailable: %s", project.id, type(exc).__name__)
        return project


def with_counts(client, projects) -> list[Project]:
    """Return the projects, fetching the full form of those whose list item lacks the counts.

    IdentityCall docs gap: GET /projects returns the short form, which has no counts (only the
    create example and GET /projects/:id carry them), so each project is read once more, in
    parallel, for the first MAX_COUNT_LOOKUPS projects.
    """
    missing = [p for p in projects if p.recordings_count is None and p.id is not None]
    missing = missing[:MAX_COUNT_LOOKUPS]
    if not missing:
        return list(projects)
    with ThreadPoolExecutor(max_workers=min(WORKERS, len(missing))) as pool:
        fetched = pool.map(lambda p: _full_form(client, p), missing)
        full = {project.id: found for project, found in zip(missing, fetched, strict=True)}
    return [full.get(p.id, p) for p in projects]
