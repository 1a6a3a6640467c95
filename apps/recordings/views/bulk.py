"""The list's selection and what is done with it: delete several (each delete sent and audited on
its own) and export them as CSV. The selection lives in the session (apps/recordings/selection.py).
"""

import logging
from urllib.parse import quote

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.accounts.clients import client_for
from apps.frame import list_cache
from apps.frame.errors import describe_error
from apps.frame.http import go_to, safe_next
from apps.identitycall import errors

from .. import analysis_cache, selection
from ..renames import saved_names_for
from ..selection_csv import selection_csv
from .browse import _forget_copy

logger = logging.getLogger(__name__)

NOTHING_SELECTED = "No recording is selected: tick the ones you want first."


@require_POST
def update_selection(request):
    """Apply the boxes of one page of the list (htmx: answer the selection bar), then go on to
    what the button asked: delete or export the selection, or back to the list."""
    action = request.POST.get("action", "update")
    if action == "clear":
        selection.clear(request)
        left_out = 0
    else:
        shown = selection.shown_on_page(request.POST.getlist("shown"))
        _, left_out = selection.update(request, shown, request.POST.getlist("selected"))
    back = safe_next(request, reverse("recordings:list"))
    if left_out:
        messages.warning(request, f"At most {selection.MAX_SELECTED} recordings can be selected; "
                                  f"{left_out} more were not.")
    if request.htmx:
        return render(request, "recordings/list.html#selection",
                      {"selection": selection.selected(request), "next_url": back})
    if action == "delete":
        return go_to(request, f"{reverse('recordings:bulk_delete')}?next={quote(back, safe='/')}")
    if action == "export":
        return go_to(request, reverse("recordings:export_selection"))
    return go_to(request, back)


@require_http_methods(["GET", "POST"])
def bulk_delete(request):
    """GET: confirm, naming how many and which. POST: delete each, one request and one entry in
    the activity trail per recording; stop at a rate limit, keeping the rest selected."""
    chosen = selection.selected(request)
    back = safe_next(request, reverse("recordings:list"))
    if not chosen:
        return go_to(request, back, message=NOTHING_SELECTED, level=messages.INFO)
    if request.method == "GET":
        return render(request, "recordings/bulk_delete.html",
                      {"chosen": chosen, "count": len(chosen), "next_url": back})
    client = client_for(request.user)
    deleted, gone, problems = _delete_each(client, chosen)
    selection.drop(request, deleted + gone)
    if deleted:
        count = len(deleted)
        messages.success(request, f"{count} recording{'' if count == 1 else 's'} deleted.")
    for problem in problems:
        messages.warning(request, problem)
    return go_to(request, back)


def _delete_each(client, chosen):
    """Return (refs deleted, refs the key finds no more, sentences about what went wrong)."""
    deleted, gone, problems = [], [], []
    for done, (ref, name) in enumerate(chosen.items()):
        label = name or ref
        try:
            client.delete_recording(ref)
        except errors.NotFoundError:
            problems.append(f"“{label}” was not found with your API key; nothing was deleted.")
            gone.append(ref)  # nothing left to act on: it leaves the selection
            continue
        except errors.AuthenticationError:
            raise
        except errors.RateLimitError as exc:
            left = len(chosen) - done
            problems.append(f"{describe_error(exc)} {left} selected recording"
                            f"{'' if left == 1 else 's'} were not deleted and stay selected.")
            break
        except errors.IdentityCallError as exc:
            problems.append(f"“{label}”: {describe_error(exc, writing=True)}")
            continue
        _forget_copy(ref)
        analysis_cache.forget_analysis(client, ref)
        deleted.append(ref)
    logger.info("Bulk delete: %s deleted, %s problems", len(deleted), len(problems))
    return deleted, gone, problems


@require_GET
def export_selection(request):
    """Answer the selection as CSV: each recording as IdentityCall answers it to the key now."""
    chosen = selection.selected(request)
    if not chosen:
        return go_to(request, reverse("recordings:list"), message=NOTHING_SELECTED,
                     level=messages.INFO)
    client = client_for(request.user)
    recordings = []
    for ref in chosen:
        try:
            recordings.append(client.get_recording(ref))
        except errors.NotFoundError:
            continue  # deleted since, or not this key's: nothing to export
    projects = list_cache.projects(client, fresh=False)
    names = {project.id: project.name for project in projects}
    body = selection_csv(recordings, names, saved_names_for(recordings))
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="recordings-selection.csv"'
    response["Cache-Control"] = "private, no-store"
    return response
