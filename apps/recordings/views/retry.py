"""Retry a failed recording: send its audio again as a new recording, linked to the failed one.

The console's kept copy is sent when there is one; otherwise the page asks for the file. Either
way the new recording's external_id is derived from the content and the attempt number
(apps/recordings/retries.py), so it is never answered with the failed recording itself.
"""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from apps.accounts.clients import client_for
from apps.frame import list_cache
from apps.frame.http import go_to
from apps.frame.items import answers_not_found, read_or_404

from .. import retries
from ..forms import DEFAULT_LANGUAGE, UploadForm
from ..ingest import outcomes, storage
from ..ingest.outcomes import Outcome
from ..ingest.receiving import HashingUploadHandler
from ..ingest.rules import ACCEPT
from ..ingest.sending import send_file, send_kept_copy
from .detail import checked_ref
from .upload import _remove_temp_files

NOT_FAILED = "Only a recording whose processing failed can be retried; this one has not failed."
ONE_FILE = "Choose the recording’s audio file (one file)."


@csrf_exempt  # checked by _retry_post once the upload handlers are in place (as views/upload.py)
@require_http_methods(["GET", "POST"])
@answers_not_found("recording")  # "Recording not found", as on the recording's page
def retry(request, ref):
    """GET: the retry page (send the kept copy, or choose the file). POST: send it again."""
    ref = checked_ref(ref)
    if request.method == "POST":
        # Before anything reads request.POST or request.FILES, the CSRF check included.
        handler = HashingUploadHandler(request)
        request.upload_handlers = [handler]
        return _retry_post(request, ref, handler)
    client = client_for(request.user)
    failed = read_or_404(client.get_recording, ref)
    if failed.status != "failed":
        return go_to(request, _detail_url(failed), message=NOT_FAILED, level=messages.INFO)
    return _page(request, client, failed)


@csrf_protect
def _retry_post(request, ref, handler):
    try:
        client = client_for(request.user)
        failed = read_or_404(client.get_recording, ref)
        if failed.status != "failed":
            return go_to(request, _detail_url(failed), message=NOT_FAILED, level=messages.INFO)
        attempt = retries.next_attempt(failed)
        copy = storage.copy_of(failed)
        if copy is not None and request.POST.get("source") == "kept":
            external_id = retries.retry_external_id(copy.sha256, attempt)
            outcome = send_kept_copy(
                client, request.user, copy, project_id=failed.project_id, name=failed.name,
                language=failed.language or DEFAULT_LANGUAGE, external_id=external_id)
            return _answer(request, client, failed, outcome, attempt, external_id)
        return _send_chosen_file(request, client, failed, handler, attempt)
    finally:
        _remove_temp_files(request)


def _send_chosen_file(request, client, failed, handler, attempt):
    form = _retry_form(request.POST, request.FILES, projects=list_cache.projects(client))
    valid = form.is_valid()
    files = form.cleaned_data.get("files", []) if valid else []
    if handler.rejected:
        form.add_error("files", handler.rejected[0][1])
    elif valid and len(files) != 1:
        form.add_error("files", ONE_FILE)
    if not form.is_valid():
        return _page(request, client, failed, form=form, status=422)
    external_id = retries.retry_external_id(files[0].sha256, attempt)
    form.cleaned_data["external_id"] = external_id
    outcome = send_file(client, request.user, files[0], form, 1)
    return _answer(request, client, failed, outcome, attempt, external_id, form=form)


def _answer(request, client, failed, outcome: Outcome, attempt, external_id, form=None):
    """Link and open the new recording, or show why nothing was sent."""
    if not outcome.ok:
        return _page(request, client, failed, form=form, outcome=outcome, status=outcome.status)
    new = outcome.recording
    if new is None or new.ref is None or str(new.ref).lower() == str(failed.ref).lower():
        raise Http404("IdentityCall answered with the failed recording itself.")
    retries.link(request.user, failed, new, attempt=attempt, external_id=external_id)
    name = new.name or outcome.filename
    if outcome.state == "created":
        message = f"Sent again as “{name}”; IdentityCall is processing it. {outcome.message}"
    else:
        message = f"This retry was already sent: “{name}” is the recording it made."
    return go_to(request, _detail_url(new), message=message.strip())


def _page(request, client, failed, *, form=None, outcome=None, status=200):
    copy = storage.copy_of(failed)
    if form is None:
        initial = {"project": failed.project_id, "language": failed.language or "",
                   "name": failed.name or ""}
        form = _retry_form(projects=list_cache.projects(client), initial=initial)
    context = {"recording": failed, "ref": failed.ref, "form": form, "outcome": outcome,
               "copy": copy if copy is not None and storage.playable(failed.ref, failed.id)
               else None,
               "attempt": retries.next_attempt(failed), "links": retries.links_for(failed),
               "no_copy": outcomes.NO_COPY}
    return render(request, "recordings/retry.html", context, status=status)


def _retry_form(*args, **kwargs):
    """Return the upload form for one file, without the external ID: the retry derives its own."""
    form = UploadForm(*args, **kwargs)
    del form.fields["external_id"]
    files = form.fields["files"]
    files.label, files.help_text = "Audio file", "The recording’s audio file, as it was uploaded."
    files.widget = forms.FileInput(attrs={"accept": ACCEPT})  # one file: no `multiple`
    form.fields["name"].help_text = "Optional; left empty, IdentityCall names the recording."
    return form


def _detail_url(recording):
    return reverse("recordings:detail", args=[recording.ref])
