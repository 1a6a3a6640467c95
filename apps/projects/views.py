"""Projects: list, create, detail, edit (only what changed is sent) and delete (typed name)."""

from django.contrib import messages
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from apps.frame import list_cache
from apps.identitycall import errors
from apps.accounts.clients import client_for
from apps.frame import form_tokens
from apps.frame.form_errors import explain_write_failure
from apps.projects.forms import INDUSTRY_EXAMPLES, DeleteProjectForm, ProjectForm
from apps.frame.http import go_to, not_found, posted, render_page
from apps.frame.key_hints import (
    NO_DELETE_WHY,
    READ_ONLY_WHY,
    SCOPED_WHY,
    hints_for,
    remember_scope_project,
)
from apps.reference.languages import language_name
from apps.projects.listing import counts_of, with_kept_counts
from apps.frame.items import create_once, read_or_none
from apps.frame.listing import render_list

# What the list's text filter searches: the language by name and code, e.g. "Lithuanian (lt)".
FILTERED_ON = ("name", lambda project: language_name(project.language), "industry", "description")


def _not_found(request):
    return not_found(
        request, noun="project", back_url=reverse("projects:list"), back_label="All projects"
    )


def _create_refusal(hints):
    """Return why the key cannot create projects, or "" when it may."""
    if hints.scoped:
        return SCOPED_WHY
    return _edit_refusal(hints)


def _edit_refusal(hints):
    """Return why the key cannot change projects, or "" when it may."""
    return READ_ONLY_WHY if hints.cannot_write else ""


@require_GET
def project_list(request):
    client = client_for(request.user)
    hints = hints_for(request)
    projects = list_cache.projects(client, fresh=True)  # always asked here; kept for names
    if hints.scoped and hints.scope_project is None and len(projects) == 1:
        # Known to be project-scoped (a 403 said so): its one visible project is its own.
        remember_scope_project(request, projects[0].id)
        hints = hints_for(request)
    return render_list(
        request,
        "projects/list.html",
        with_kept_counts(client, projects),  # the other rows load theirs after the page
        FILTERED_ON,
        partial="project-list",
        plural="projects",
        hints=hints,
        create_refusal=_create_refusal(hints),
    )


@require_http_methods(["GET", "POST"])
def project_create(request):
    form = ProjectForm(posted(request), initial={"no_retention": True})
    return create_once(
        request,
        client_for(request.user),
        form,
        lambda client, fields: client.create_project(**fields),
        lists="projects",
        list_url=reverse("projects:list"),
        done=lambda project, token: _created(request, project, form, token),
        show_form=lambda status: _render_form(request, form, None, status),
    )


def _render_form(request, form, project, status):
    """Return the create (no project) or edit page, or its form for htmx."""
    refusal = ""
    # Once a refusal is known the form is not offered; after a refused post it stays, input kept.
    if request.method == "GET":
        hints = hints_for(request)
        refusal = _create_refusal(hints) if project is None else _edit_refusal(hints)
    context = {
        "form": form,
        "project": project,
        "refusal": refusal,
        "industries": INDUSTRY_EXAMPLES,
    }
    return render_page(
        request, "projects/form.html", context, partial="project-form", status=status
    )


def _created(request, project, form, token):
    """Return the answer to a successful create: its page, or the list if it has no id."""
    name = project.name or form.cleaned_data["name"]
    # IdentityCall docs conflict: the create answer may be the short form; the detail page
    # re-reads the full form, so only the id is needed here.
    url = reverse("projects:detail", args=[project.id]) if project.id else reverse("projects:list")
    form_tokens.complete(request, token, url=url, label=f"Project “{name}”")
    messages.success(request, f"Project “{name}” created.")
    return go_to(request, url)


@require_GET
def project_detail(request, project_id):
    client = client_for(request.user)
    if request.htmx and request.GET.get("part") == "counts":
        return _row_counts(request, client, project_id)
    if (project := read_or_none(client.get_project, project_id)) is None:
        return _not_found(request)
    list_cache.remember_counts(client, project)  # the projects list shows them from now on
    context = {
        "project": project,
        "hints": hints_for(request),
        "recordings_url": f"{reverse('recordings:list')}?project={project.id}",
    }
    return render_page(request, "projects/detail.html", context, partial="project-card")


def _row_counts(request, client, project_id):
    """Return the two count cells of the project's row on the list (htmx, after the page)."""
    context = {"project_id": project_id, "counts": counts_of(client, project_id)}
    return render_page(request, "projects/_counts.html", context)


@require_http_methods(["GET", "POST"])
def project_edit(request, project_id):
    client = client_for(request.user)
    if (project := read_or_none(client.get_project, project_id)) is None:
        return _not_found(request)
    form = ProjectForm(posted(request), project=project)
    status = 200
    if request.method == "POST" and form.is_valid():
        changes = form.changed_fields(project)
        detail_url = reverse("projects:detail", args=[project_id])
        if not changes:
            messages.info(request, "Nothing to save: no field was changed.")
            return go_to(request, detail_url)
        try:
            saved = client.update_project(project_id, **changes)
            list_cache.forget(client, "projects")
        except errors.NotFoundError:
            return _not_found(request)
        except errors.IdentityCallError as exc:
            status = explain_write_failure(request, form, exc, project_id=project_id)
        else:
            messages.success(request, f"Project “{saved.name or project.name}” saved.")
            return go_to(request, detail_url)
    elif request.method == "POST":
        status = 422
    return _render_form(request, form, project, status)


@require_http_methods(["GET", "POST"])
def project_delete(request, project_id):
    client = client_for(request.user)
    if (project := read_or_none(client.get_project, project_id)) is None:
        return _not_found(request)
    form = DeleteProjectForm(posted(request), project_name=project.name)
    status = 200
    if request.method == "POST" and _delete_refusal(hints_for(request)):
        status = 403
    elif request.method == "POST" and form.is_valid():
        try:
            client.delete_project(project_id)
            list_cache.forget(client, "projects")
        except errors.NotFoundError:
            messages.info(request, f"Project “{project.name}” was already deleted.")
            return go_to(request, reverse("projects:list"))
        except errors.IdentityCallError as exc:
            status = explain_write_failure(
                request, form, exc, project_id=project_id, outcome="The project was not deleted."
            )
        else:
            messages.success(request, f"Project “{project.name}” deleted, with everything in it.")
            return go_to(request, reverse("projects:list"))
    elif request.method == "POST":
        status = 422
    context = {"form": form, "project": project, "refusal": _delete_refusal(hints_for(request))}
    return render_page(
        request, "projects/delete.html", context, partial="delete-form", status=status
    )


def _delete_refusal(hints):
    """Return why the key cannot delete projects, or "" when it may."""
    if hints.scoped:
        return SCOPED_WHY
    return NO_DELETE_WHY if hints.cannot_delete else ""
