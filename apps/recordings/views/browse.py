"""The recordings list (filters, pages, live status of unfinished rows, and its search, date range
and sort answered from the console's index), rename and delete."""

import logging

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.http import reswap, retarget, trigger_client_event

from apps.accounts.clients import client_for
from apps.accounts.key_access import allows
from apps.frame import list_cache
from apps.frame.errors import describe_error
from apps.frame.http import go_to, render_page, safe_next
from apps.frame.items import answers_not_found, read_or_404
from apps.frame.key_hints import explain_refusal
from apps.frame.middleware import alert_response, outcome_for, where_to_check
from apps.identitycall import errors

from .. import analysis_cache, index_search, selection
from ..ingest import storage as audio
from ..forms import RenameForm, filter_form, list_query
from ..rows import rows_for, rows_html
from .queue import queue_block

logger = logging.getLogger(__name__)

POLL_SECONDS = 5
LEVELS = {"success": messages.SUCCESS, "warning": messages.WARNING}
LIST_TEMPLATE = "recordings/list.html"


def _list_partial(request):
    """Return the partial an htmx request wants ('table' or 'results'), None for the full page."""
    if not request.htmx or request.htmx.history_restore_request:
        return None
    return "table" if request.htmx.target == "recordings-table" else "results"


@require_GET
def recordings_list(request):
    query = list_query(request.GET)
    partial = _list_partial(request)
    finding = index_search.read(request)  # words, days, sort: answered by the index if it can
    if finding.applies:
        return _indexed_list(request, query, finding, partial)
    client = client_for(request.user)
    context = {"query": query, "rows": [], "page": None, "problem": None, "poll_seconds": None,
               "finding": finding}
    status, projects = 200, []
    try:
        # Cached per key and forgotten by the console's project writes: once cached, the page
        # asks IdentityCall for its recordings only.
        projects = list_cache.projects(client, fresh=False)
        # IdentityCall docs gap: only `status` is a documented filter; `project_id` is sent too
        # and nothing else (docs/api-decisions.md, "Recordings list filters"). No sort parameter
        # is documented, so rows keep the API's order.
        page = client.list_recordings(
            page=query.page, per_page=query.per_page, status=query.status, project_id=query.project
        )
    except errors.AuthenticationError:
        raise  # the whole console is moot: the middleware explains the rejected key
    except errors.RateLimitError as exc:
        if partial == "table":
            return _slow_down(request, exc)
        status, context["problem"] = 429, describe_error(exc)
    except errors.IdentityCallError as exc:
        logger.info("Recordings list unavailable: %s", type(exc).__name__)
        status, context["problem"] = outcome_for(exc)[0], describe_error(exc)
    else:
        chosen = selection.selected(request)
        rows = rows_for(page, projects, kept=audio.kept_among(page.items), selected=set(chosen))
        context["selection"] = chosen
        unfinished = any(not row.recording.is_terminal for row in rows)
        # What the key may not do leaves the rows; the page says why (list.html).
        can_write, can_delete = allows(request, "write").ok, allows(request, "delete").ok
        context.update(page=page, rows=rows, poll_seconds=POLL_SECONDS if unfinished else None,
                       rows_html=rows_html(rows, request.get_full_path(), can_write=can_write,
                                           can_delete=can_delete))
    context["form"] = filter_form(query, projects)
    return _list_response(request, context, partial, status)


def _list_response(request, context, partial, status=200):
    if partial is None:  # the block of your uploads in progress polls for itself (views/queue.py)
        context["queue"] = queue_block(request.user)
    response = render_page(request, LIST_TEMPLATE, context, partial=partial, status=status)
    patch_vary_headers(response, ("HX-Target",))  # the partial depends on the target too
    return response


def _indexed_list(request, query, finding, partial):
    """Answer the list from the console's index (apps/recordings/index_search.py): no request to
    IdentityCall; each row opens the recording's page, which reads it from IdentityCall again."""
    page, projects = index_search.indexed_page(finding, query)
    chosen = selection.selected(request)
    rows = rows_for(page, projects, kept=audio.kept_among(page.items), selected=set(chosen))
    # Renames and deletes are left to the recording's page and the plain list: the index would
    # show the old name, or the deleted row, until its next sync.
    html = rows_html(rows, request.get_full_path(), can_write=False, can_delete=False)
    context = {"query": query, "finding": finding, "indexed": True, "page": page, "rows": rows,
               "rows_html": html, "selection": chosen, "problem": None, "poll_seconds": None,
               "form": filter_form(query, projects)}
    return _list_response(request, context, partial)


def _slow_down(request, exc):
    """Answer a rate-limited poll: keep the rows, poll again after Retry-After, say so."""
    if request.htmx.trigger != "recordings-poller":
        return HttpResponse(status=204)  # a refresh after a delete: the rows shown stay right
    context = {"poll_seconds": exc.wait_seconds, "rate_limited": True}
    response = render(request, f"{LIST_TEMPLATE}#poller", context)
    retarget(response, "#recordings-poller")
    return reswap(response, "outerHTML")


def _place(request):
    """Return where the name is shown: 'list' or 'detail' (the default)."""
    return "list" if (request.POST.get("place") or request.GET.get("place")) == "list" else "detail"


@require_http_methods(["GET", "POST"])
@answers_not_found("recording")  # "Recording not found", as on the recording's page
def rename(request, ref):
    client = client_for(request.user)
    place = _place(request)
    context = {"place": place, "next_url": safe_next(request, _default_next(place, ref))}
    if request.method == "POST":
        return _rename_post(request, client, ref, context)
    recording = read_or_404(client.get_recording, ref)
    context["recording"] = recording
    if request.htmx and request.GET.get("show") == "name":
        return render(request, "recordings/_name.html", context)  # Cancel: the name again
    context.update(form=RenameForm(initial={"name": recording.name}), ref=recording.ref)
    return render_page(request, "recordings/rename.html", context, partial="form")


def _default_next(place, ref):
    """Return where a person goes back to by default: the list, or the recording's page."""
    if place == "list":
        return reverse("recordings:list")
    return reverse("recordings:detail", args=[ref])


def _rename_post(request, client, ref, context):
    form = RenameForm(request.POST)
    status = 422
    if form.is_valid():
        try:
            # IdentityCall docs conflict: PATCH takes `display_name` but answers with `name`
            # (docs/api-decisions.md, "Recording rename").
            recording = client.rename_recording(ref, form.cleaned_data["name"])
        except errors.ValidationError as exc:
            form.add_error("name", "; ".join(exc.errors) or exc.message)
        except errors.NotFoundError as exc:
            status = 404
            form.add_error(None, describe_error(exc, writing=True))
        except errors.PermissionDeniedError as exc:
            status = 403
            form.add_error(None, explain_refusal(request, exc))
        else:
            return _renamed(request, recording, context)
    context.update(form=form, ref=ref)
    return render_page(request, "recordings/rename.html", context, partial="form", status=status)


def _renamed(request, recording, context):
    """Return the name partial (htmx) or a redirect back, after a successful rename."""
    if not request.htmx:
        return go_to(request, context["next_url"], message=f"Renamed to “{recording.name}”.")
    context["recording"] = recording
    response = render(request, "recordings/_name.html", context)
    return trigger_client_event(
        response, "recordingRenamed", {"ref": recording.ref, "name": recording.name}
    )


@require_http_methods(["GET", "POST"])
@answers_not_found("recording")  # "Recording not found", as on the recording's page
def delete(request, ref):
    client = client_for(request.user)
    place = _place(request)
    if request.method == "POST":
        return _delete_post(request, client, ref, place)
    context = {
        "recording": read_or_404(client.get_recording, ref),
        "place": place,
        "has_audio_copy": audio.find(ref) is not None,
        "next_url": safe_next(request, _default_next(place, ref)),
    }
    return render_page(request, "recordings/delete.html", context, partial="dialog")


def _delete_post(request, client, ref, place):
    name = request.POST.get("name") or ref
    try:
        client.delete_recording(ref)
    except errors.NotFoundError:
        message, level = _after_not_found(request.user, client, ref, name)
    except errors.AuthenticationError:
        raise
    except errors.IdentityCallError as exc:
        return _delete_failed(request, ref, place, exc)
    else:
        # IdentityCall confirmed the delete: no key can read the recording, so no one may play it.
        _forget_copy(ref)
        message, level = f"“{name}” was deleted.", "success"
        logger.info("Recording %s deleted by user %s", ref, request.user.pk)
    # This key cannot read the recording either way; what other keys kept is theirs to drop.
    analysis_cache.forget_analysis(client, ref)
    if request.htmx and place == "list":
        # The row swaps itself away (the key no longer lists it); the alert goes out of band, the
        # event lets the list refresh.
        context = {"message": message, "level": level}
        response = render(request, "recordings/delete.html#deleted", context)
        return trigger_client_event(response, "recordingDeleted", {"ref": ref})
    list_url = reverse("recordings:list")
    back = safe_next(request, list_url) if place == "list" and not request.htmx else list_url
    return go_to(request, back, message=message, level=LEVELS[level])


def _forget_copy(ref):
    """Delete the console's copy of a deleted recording. A file that cannot be deleted (OSError)
    is logged, not a failed delete: the row stays and `manage.py prune_audio` tries again."""
    try:
        audio.forget(ref)
    except OSError:
        logger.exception("Recording %s deleted; its audio copy could not be deleted", ref)


def _after_not_found(user, client, ref, name):
    """Return (message, level) for a delete IdentityCall answered 404, forgetting the console's
    copy of the audio only when it is the user's own upload and their key reads that it is gone."""
    # IdentityCall docs gap: 404 means "does not exist" and "your key cannot see it" alike
    # (docs/api-decisions.md, "Deletes"). After a colleague's 404 the copy may still be its
    # uploader's only way to listen, so only the uploader's own check may drop it.
    stored = audio.find(ref)
    if stored is not None and stored.uploaded_by_id == user.pk and _gone_for(client, ref):
        _forget_copy(ref)
        logger.info("Recording %s already gone; user %s's audio copy forgotten", ref, user.pk)
        return f"“{name}” was already deleted.", "success"
    return (
        f"“{name}” was not found with your API key: it may have been deleted already, or your "
        "key cannot see it. Nothing was deleted.",
        "warning",
    )


def _gone_for(client, ref):
    """Return True when the key reads a 404 for the recording; any other answer is a doubt."""
    try:
        client.get_recording(ref)
    except errors.NotFoundError:
        return True
    except errors.IdentityCallError:
        return False
    return False


def _delete_failed(request, ref, place, exc):
    """Explain a failed delete where the person is: inside the dialog (htmx) or on the page."""
    message = describe_error(exc, writing=True)
    if request.htmx:
        check = where_to_check(request) if exc.outcome_unknown else None  # did it go? look there
        links = {"link_url": check.url, "link_text": check.text} if check else {}
        return alert_response(request, message, status=outcome_for(exc)[0],
                              target="#delete-problem", **links)
    dialog = f"{reverse('recordings:delete', args=[ref])}?place={place}"
    return go_to(request, dialog, message=message, level=messages.ERROR)
