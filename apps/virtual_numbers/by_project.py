"""The numbers list by project: each number's project, and the list narrowed to one project.

IdentityCall docs gap: neither form of a number documents `project_id` (docs/api-decisions.md,
"Things the sandbox adds"). When no number in the answer carries one, the console cannot know
which project a number belongs to and says so instead of guessing.
"""

from apps.frame import list_cache
from apps.identitycall import errors


def wanted_project(request) -> int | None:
    """Return the project id asked for with `?project=`, or None."""
    raw = request.GET.get("project", "")
    return int(raw) if raw.isdigit() else None


def project_names(client, numbers) -> dict:
    """Return {project id: name} for the key's projects, {} when no number names a project."""
    if not any(number.project_id is not None for number in numbers):
        return {}  # nothing to name: spare the call
    try:
        return {project.id: project.name for project in list_cache.projects(client)}
    except errors.AuthenticationError:
        raise
    except errors.IdentityCallError:
        return {}  # the numbers still show, their projects by number (see the template)


def by_project(client, numbers, wanted) -> dict:
    """Return the numbers list's context: rows of (number, project name), the filter and notes."""
    known = any(number.project_id is not None for number in numbers)
    names = project_names(client, numbers)
    shown = [n for n in numbers if n.project_id == wanted] if known and wanted else list(numbers)
    return {
        "rows": [(number, names.get(number.project_id)) for number in shown],
        "project_known": known,
        "project_wanted": wanted,
        "project_wanted_name": names.get(wanted, f"project {wanted}") if wanted else "",
        "project_choices": sorted(names.items(), key=lambda item: (item[1] or "").lower()),
    }
