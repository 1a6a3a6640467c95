"""The projects list's counts, which GET /projects does not send, loaded after the page.

IdentityCall docs gap: the list is the short form, without counts (only the create example and
GET /projects/:id carry them). The list shows the counts kept for the key
(apps/frame/list_cache.py); each other row asks for them with one htmx request when it comes
into view, which reads that one project in full (one upstream call) and keeps its counts.
"""

import logging
from dataclasses import dataclass, replace

from apps.frame import list_cache
from apps.identitycall import errors
from apps.identitycall.resources import Listing

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Counts:
    """A project's counts: None where IdentityCall did not say."""

    recordings: int | None
    numbers: int | None


def with_kept_counts(client, projects) -> Listing:
    """Return the projects with the counts kept for this key filled in; the others lack them."""
    lacking = [p.id for p in projects if p.recordings_count is None and p.id is not None]
    kept = list_cache.project_counts(client, lacking)
    filled = [
        replace(p, recordings_count=kept[p.id][0], virtual_numbers_count=kept[p.id][1])
        if p.id in kept
        else p
        for p in projects
    ]
    return Listing(
        filled,
        complete=getattr(projects, "complete", True),
        total_count=getattr(projects, "total_count", None),
    )


def counts_of(client, project_id) -> Counts | None:
    """Return a project's counts, kept or read in full (one call); None when IdentityCall cannot
    say (the row shows a dash and asks again next time). Raises AuthenticationError."""
    if (kept := list_cache.project_counts(client, [project_id]).get(project_id)) is not None:
        return Counts(*kept)
    try:
        project = client.get_project(project_id)
    except errors.AuthenticationError:
        raise
    except errors.IdentityCallError as exc:
        logger.info("Counts of project %s unavailable: %s", project_id, type(exc).__name__)
        return None
    list_cache.remember_counts(client, project)
    return Counts(project.recordings_count, project.virtual_numbers_count)
