"""The upload page: the form, one file per request for upload.js, and the no-JS fallback.

The pages only: receiving, sending and keeping the files is apps/recordings/ingest's work.
"""

import json
import logging
import os
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.db import DatabaseError
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from apps.accounts.clients import client_for
from apps.frame import list_cache
from apps.identitycall import errors

from ..forms import UploadForm
from ..ingest import outcomes, queue, rules
from ..ingest.incoming import Incoming
from ..ingest.outcomes import Outcome
from ..ingest.receiving import HashingUploadHandler
from ..ingest.sending import relay_file, send_all

logger = logging.getLogger(__name__)


@csrf_exempt  # checked by _upload_post once the upload handlers are in place (Django docs)
@require_http_methods(["GET", "POST"])
def upload(request):
    if request.method == "POST":
        size = _declared_size(request) or 0
        if size > settings.UPLOAD_MAX_REQUEST_BYTES:
            # Refused before a byte is read: nothing reaches the disk or IdentityCall, and the
            # page changes nothing, so it needs no CSRF check (the token is in the unread body).
            return _refuse_all(request, rules.too_many_bytes(size), status=413)
        # Before anything reads request.POST or request.FILES, the CSRF check included.
        handler = HashingUploadHandler(request)
        request.upload_handlers = [handler]
        return _upload_post(request, handler)
    client = client_for(request.user)
    projects = list_cache.projects(client, fresh=True)
    form = UploadForm(projects=projects, initial=prefilled(request.GET, projects))
    return _page(request, form)


def prefilled(params, projects):
    """Return the form's initial values a link asks for (`?project=<id>&language=<code>`): only
    one of the key's projects and an offered language; anything else is ignored, silently."""
    initial = {}
    project = params.get("project", "").strip()
    chosen = next((p for p in projects if project.isascii() and str(p.id) == project), None)
    if chosen is not None:
        initial["project"] = chosen.id
        if chosen.language:
            initial["language"] = chosen.language
    language = params.get("language", "")
    if language and language in {code for code, _ in UploadForm.language_choices(projects)}:
        initial["language"] = language
    return initial


@csrf_protect
def _upload_post(request, handler):
    """The no-JS path: every chosen file in one request, each reported on its own."""
    try:
        request.FILES  # noqa: B018  (parsed on first access; the CSRF check may not have read it)
        client = client_for(request.user)  # one per request: the key is decrypted once
        if handler.files_over_limit:
            # Nothing goes to IdentityCall: half a batch uploaded would be harder to sort out.
            message = rules.too_many_files(handler.files_seen_text)
            return _refuse_all(request, message, status=422, fields=request.POST.dict(),
                               client=client)
        form = UploadForm(request.POST, request.FILES, projects=list_cache.projects(client))
        refused = outcomes.rejected(handler.rejected)
        if not form.is_valid():
            return _page(request, form, refused, status=422)
        sent = refused + send_all(client, request.user, form)
        if not sent:
            form.add_error("files", "Choose at least one audio file.")
            return _page(request, form, status=422)
        if not all(outcome.ok for outcome in sent):
            return _page(request, form, sent, status=422)
        for outcome in sent:
            messages.success(request, outcome.sentence())
        return redirect("recordings:list")
    finally:
        _remove_temp_files(request)


@require_POST
def upload_file(request):
    """One file as the raw request body, its form's fields in X-Upload-Fields (upload.js).

    The body is never parsed as a form, so the CSRF middleware checks the X-CSRFToken header
    before a byte of the file is read, and the file goes on to IdentityCall while it arrives,
    unless the user already has files queued: then it joins them (the queue keeps to the rate
    limit and its order).
    """
    checked = _check_one_file(request)
    if not isinstance(checked, OneFile):
        return checked
    if queue.has_active(request.user):
        return _queue_file(request, checked)
    incoming = _incoming(request, checked)
    try:
        outcome = relay_file(checked.client, request.user, incoming.start(), checked.form)
    finally:
        incoming.close()
    return _file_result(request, outcome, status=outcome.status)


@require_POST
def upload_queue(request):
    """One file of a batch (upload.js), sent as upload_file's are: received whole, staged and
    queued; a task sends it to IdentityCall (ingest/queue.py), so the tab may close. 202 with the
    queued upload's id (the X-Queued-Upload header and the result's data-queued-upload)."""
    checked = _check_one_file(request)
    if not isinstance(checked, OneFile):
        return checked
    return _queue_file(request, checked)


@dataclass(frozen=True)
class OneFile:
    """A raw-body upload whose fields and declared size passed every check before its body."""

    filename: str
    size: int
    fields: dict
    form: UploadForm
    client: object


def _check_one_file(request):
    """Return the OneFile a raw-body upload announces, or the response refusing it (nothing read
    of its body, nothing sent or queued)."""
    fields = QueryDict(request.headers.get("X-Upload-Fields", ""))
    filename = os.path.basename(fields.get("filename", "").replace("\\", "/"))
    size = _declared_size(request)
    if request.content_type != "application/octet-stream" or size is None or not filename:
        return _file_result(request, Outcome(filename, "rejected", outcomes.NO_BODY), status=400)
    problem = rules.check_file(filename, size)
    status, problem = (422, problem) if problem else (413, rules.request_size_error(filename, size))
    if problem:
        return _file_result(request, Outcome(filename, "rejected", problem), status=status)
    client = client_for(request.user)  # one per request: the key is decrypted once
    try:
        form = UploadForm(fields, projects=list_cache.projects(client))
    except errors.IdentityCallError as exc:
        outcome = outcomes.failed_before_sending(filename, exc)
        return _file_result(request, outcome, status=outcome.status)
    if not form.is_valid():
        return _file_result(request, None, form=form, status=422)
    # The project it goes to, even when the form fixed it (a key that sees one project).
    kept = fields.dict() | {"project": str(form.cleaned_data["project"])}
    return OneFile(filename, size, kept, form, client)


def _incoming(request, checked):
    # Under gunicorn a stalled browser's socket can be shut for reading, ending the reader too.
    connection = request.META.get("gunicorn.socket")
    return Incoming(request, size=checked.size, filename=checked.filename, connection=connection)


def _queue_file(request, checked):
    """Receive the whole body (the same reader and HashingWriter as a relayed file), stage it and
    queue it; answer 202, or why it did not arrive."""
    incoming = _incoming(request, checked)
    incoming.stop_relaying()  # nothing is sent while it arrives: the reader only writes
    try:
        if not incoming.start().wait():
            outcome = outcomes.not_arrived(checked.filename, stalled=incoming.stalled)
            return _file_result(request, outcome, status=outcome.status)
        row = queue.stage(request.user, checked.client.fingerprint, incoming.file, checked.fields)
    except (OSError, DatabaseError):
        logger.exception("Could not stage an upload")  # the storage or the database is down
        outcome = Outcome(checked.filename, "failed", queue.NOT_STAGED.format(
            name=checked.filename), status=503)
        return _file_result(request, outcome, status=503)
    finally:
        incoming.close()
    response = render(request, "recordings/_upload_result.html", {"queued": row}, status=202)
    response["X-Queued-Upload"] = str(row.id)
    return response


def _page(request, form, results=(), status=200, refused=""):
    limits = json.dumps(rules.MAX_BYTES)
    context = {"form": form, "outcomes": results, "refused": refused, "limits": limits,
               "queued_now": queue.has_active(request.user)}
    return render(request, "recordings/upload.html", context, status=status)


def _refuse_all(request, message, *, status, fields=None, client=None):
    """Return the upload page refusing a whole request, with the fields that did arrive."""
    initial = {key: value for key, value in (fields or {}).items() if key in UploadForm.base_fields}
    client = client or client_for(request.user)
    form = UploadForm(projects=list_cache.projects(client), initial=initial)
    return _page(request, form, status=status, refused=message)


def _file_result(request, outcome, *, form=None, status):
    context = {"outcome": outcome, "form": form}
    return render(request, "recordings/_upload_result.html", context, status=status)


def _declared_size(request):
    """Return the request body's Content-Length (0 when absent, as Django reads it), else None."""
    raw = request.META.get("CONTENT_LENGTH") or "0"
    return int(raw) if raw.isascii() and raw.isdigit() else None


def _remove_temp_files(request):
    """Close (and so delete) every temp file of this request, whatever happened."""
    received = getattr(request, "_files", None)
    for _, files in received.lists() if received else ():
        for file in files:
            file.close()
