"""Projects: list, create, detail, edit (only what changed is sent) and delete (typed name)."""

from django.contrib import messages
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from apps.accounts.clients import client_for
from apps.accounts.roles import action_refusal
from apps.frame import form_tokens, list_cache
from apps.frame.http import go_to, posted, render_page
from apps.frame.items import answers_not_found, create_once, read_or_404, save_or_explain
from apps.frame.key_hints import (
    NO_DELETE_WHY,
    READ_ONLY_WHY,
    SCOPED_WHY,
    hints_for,
    remember_scope_project,
)
from apps.frame.listing import render_list
from apps.projects.forms import INDUSTRY_EXAMPLES, DeleteProjectForm, ProjectForm
from apps.projects.counts import counts_of, with_kept_counts
from apps.reference.languages import language_name

# What the list's text filter searches: the language by name and code, e.g. "Lithuanian (lt)".
FILTERED_ON = ("name", lambda project: language_name(project.language), "industry", "description")


# The team role comes first (its sentence names the role); then what the console knows of the key
# (apps/frame/key_hints.py: what the key was seen to do, in the database and this session).
def _create_refusal(request, hints):
    """Return why the user cannot create projects, or "" when they may."""
    return action_refusal(request.user, "create_project") or (
        SCOPED_WHY if hints.scoped else _edit_refusal(request, hints)
    )


def _edit_refusal(request, hints, read_only=READ_ONLY_WHY):
    """Return why the user cannot change projects (`read_only` for a read-only key), or ""."""
    return action_refusal(request.user, "write") or (read_only if hints.cannot_write else "")


def _delete_refusal(request, hints, scoped=SCOPED_WHY, cannot=NO_DELETE_WHY):
    """Return why the user cannot delete projects, or "" when they may: the role first, then a
    key limited to one project (`scoped`), then a key without delete permission (`cannot`)."""
    if why := action_refusal(request.user, "delete_project"):
        return why
    if hints.scoped:
        return scoped
    return cannot if hints.cannot_delete else ""


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
        create_refusal=_create_refusal(request, hints),
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
        done=lambda project, token: _created(request, project, form, token),
        show_form=lambda status: _render_form(request, form, None, status),
    )


def _render_form(request, form, project, status):
    """Return the create (no project) or edit page, or its form for htmx."""
    refusal = ""
    # Once a refusal is known the form is not offered; after a refused post it stays, input kept.
    if request.method == "GET":
        hints = hints_for(request)
        refusal = (
            _create_refusal(request, hints) if project is None else _edit_refusal(request, hints)
        )
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
    # re-reads the full form, so only the id is needed here (docs/api-decisions.md, "Project
    # create response").
    url = reverse("projects:detail", args=[project.id]) if project.id else reverse("projects:list")
    form_tokens.complete(request, token, url=url, label=f"Project “{name}”")
    return go_to(request, url, message=f"Project “{name}” created.")


@require_GET
@answers_not_found("project")
def project_detail(request, project_id):
    client = client_for(request.user)
    if request.htmx and request.GET.get("part") == "counts":
        return _row_counts(request, client, project_id)
    project = read_or_404(client.get_project, project_id)
    list_cache.remember_counts(client, project)  # the projects list shows them from now on
    hints = hints_for(request)
    context = {
        "project": project,
        "hints": hints,
        "recordings_url": f"{reverse('recordings:list')}?project={project.id}",
        **_detail_refusals(request, hints, project.id),
    }
    return render_page(request, "projects/detail.html", context, partial="project-card")


def _detail_refusals(request, hints, project_id):
    """Return the project page's three reasons (edit, delete, upload), "" where allowed."""
    this = "this" if project_id == hints.scope_project else "one"
    return {
        "edit_refusal": _edit_refusal(request, hints, read_only=(
            "Your API key is read-only: it does not have write permission, so projects cannot "
            "be edited.")),
        "delete_refusal": _delete_refusal(
            request, hints,
            scoped=f"Your API key is limited to {this} project, so it cannot delete projects.",
            cannot="Your API key does not have delete permission, so projects cannot be deleted."),
        "upload_refusal": _edit_refusal(
            request, hints, read_only="Uploading needs a key with write permission."),
    }


def _row_counts(request, client, project_id):
    """Return the two count cells of the project's row on the list (htmx, after the page)."""
    context = {"project_id": project_id, "counts": counts_of(client, project_id)}
    return render_page(request, "projects/_counts.html", context)


@require_http_methods(["GET", "POST"])
@answers_not_found("project")
def project_edit(request, project_id):
    client = client_for(request.user)
    project = read_or_404(client.get_project, project_id)
    form = ProjectForm(posted(request), project=project)
    detail_url = reverse("projects:detail", args=[project_id])
    if form.is_valid() and not form.changed_fields(project):
        return go_to(request, detail_url, message="Nothing to save: no field was changed.",
                     level=messages.INFO)
    return save_or_explain(
        request,
        client,
        form,
        lambda client: client.update_project(project_id, **form.changed_fields(project)),
        lists="projects",
        done=lambda saved: go_to(
            request, detail_url, message=f"Project “{saved.name or project.name}” saved."
        ),
        show_form=lambda status: _render_form(request, form, project, status),
        project_id=project_id,
    )


@require_http_methods(["GET", "POST"])
@answers_not_found("project")
def project_delete(request, project_id):
    client = client_for(request.user)
    project = read_or_404(client.get_project, project_id)
    form = DeleteProjectForm(posted(request), project_name=project.name)
    list_url = reverse("projects:list")
    if request.method == "POST" and _delete_refusal(request, hints_for(request)):
        return _render_delete(request, form, project, 403)  # known not allowed: nothing is sent
    return save_or_explain(
        request,
        client,
        form,
        lambda client: client.delete_project(project_id),
        lists="projects",
        done=lambda _: go_to(
            request, list_url, message=f"Project “{project.name}” deleted, with everything in it."
        ),
        gone=lambda: go_to(request, list_url, level=messages.INFO,
                           message=f"Project “{project.name}” was already deleted."),
        show_form=lambda status: _render_delete(request, form, project, status),
        project_id=project_id,
        outcome="The project was not deleted.",
    )


def _render_delete(request, form, project, status):
    """Return the delete page (or its form for htmx), or why the key may not delete."""
    refusal = _delete_refusal(request, hints_for(request))
    context = {"form": form, "project": project, "refusal": refusal}
    return render_page(
        request, "projects/delete.html", context, partial="delete-form", status=status
    )
