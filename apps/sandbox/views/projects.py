"""Projects: list (short form), create, get and update (full form), delete."""

from django.db.models.functions import Lower
from django.utils import timezone

from .. import serializers
from ..auth import api_view, endpoint, visible_projects
from ..models import Project
from ..paging import listed
from ..responses import ApiError, Invalid, NotFound, created, no_content, ok
from ..validation import Checker, json_body

SCOPED_KEY_MESSAGE = "Project-scoped API keys cannot create or destroy projects"


def find_project(key, project_id):
    project = visible_projects(key).filter(pk=project_id).first()
    if project is None:
        raise NotFound()
    return project


def _check(body, *, creating):
    """Return the validated fields of a create (all rules) or update (only fields present)."""
    checker = Checker(body)
    checker.text("name", required=creating, nullable=False)
    checker.language("language", required=creating, nullable=False)
    checker.text("description", max_length=5000)
    checker.text("industry", max_length=100)
    checker.language("goal_language")
    checker.language("summary_language")
    checker.integer("long_pause_threshold_seconds", minimum=1, maximum=600)
    checker.text("transcription_hints", max_length=5000)
    checker.integer("retention_days", minimum=1, maximum=36500)
    checker.boolean("quality_baseline_enabled")
    checker.number("quality_baseline_pct", minimum=0, maximum=100)
    return checker.done()


def _check_unique_name(key, name, exclude=None):
    # IdentityCall docs gap: uniqueness rules are undocumented; names are unique per account,
    # ignoring case, so the console has a realistic field error to show.
    clash = (
        Project.objects.filter(account_id=key.account_id)
        .annotate(lowered=Lower("name"))
        .filter(lowered=name.lower())
    )
    if exclude is not None:
        clash = clash.exclude(pk=exclude.pk)
    if clash.exists():
        raise Invalid(["name has already been taken"])


@api_view(permission="read")
def list_projects(request):
    projects = visible_projects(request.sandbox_key).order_by("name", "id")
    return listed(request, projects, serializers.project_short)


@api_view(permission="write")
def create_project(request):
    if request.sandbox_key.project_id:
        raise ApiError(403, SCOPED_KEY_MESSAGE)
    values = _check(json_body(request), creating=True)
    _check_unique_name(request.sandbox_key, values["name"])
    values.setdefault("goal_language", values["language"])
    values.setdefault("summary_language", values["language"])
    now = timezone.now()
    project = Project.objects.create(
        **values, account_id=request.sandbox_key.account_id, created_at=now, updated_at=now
    )
    # IdentityCall docs conflict: the overview's example answers the short form plus counts, the
    # get page the full form; the full form carries both. The 201 itself is inferred (the status
    # line is cut off).
    return created(serializers.project_full(project))


@api_view(permission="read")
def get_project(request, project_id):
    return ok(serializers.project_full(find_project(request.sandbox_key, project_id)))


@api_view(permission="write")
def update_project(request, project_id):
    project = find_project(request.sandbox_key, project_id)
    values = _check(json_body(request), creating=False)
    if "name" in values:
        _check_unique_name(request.sandbox_key, values["name"], exclude=project)
    for field, value in values.items():
        setattr(project, field, value)
    project.updated_at = timezone.now()
    project.save()
    return ok(serializers.project_full(project))


@api_view(permission="delete")
def delete_project(request, project_id):
    if request.sandbox_key.project_id:
        raise ApiError(403, SCOPED_KEY_MESSAGE)
    find_project(request.sandbox_key, project_id).delete()  # cascades to recordings and numbers
    return no_content()


projects = endpoint(GET=list_projects, POST=create_project)
project = endpoint(GET=get_project, PATCH=update_project, DELETE=delete_project)
