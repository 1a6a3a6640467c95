"""Uploading recordings: the form, one file per request for upload.js, and the no-JS fallback.

Files arrive in temporary files on disk (hashed while they stream in), go to IdentityCall streamed
from those files, and a copy is kept for playback. Nothing holds a whole file in memory.
"""

import json
import logging
import os
from dataclasses import dataclass

from django.contrib import messages
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from apps.identitycall import errors
from apps.identitycall.middleware import outcome_for
from apps.identitycall.resources import Recording
from apps.identitycall.service import client_for, describe_error, retry_after_seconds
from apps.identitycall.transport import RETRY_STATUSES

from .. import audio
from ..forms import UploadForm
from ..relay import BodyIncomplete, BrowserStalled, Incoming
from ..uploads import (
    MAX_BYTES,
    HashingUploadHandler,
    check_file,
    display_name_for,
    external_id_for,
    sha256_of,
)
from .browse import visible_projects

logger = logging.getLogger(__name__)

UNREACHABLE = "IdentityCall is unreachable; {name} was not uploaded. Try again."
UNREADABLE = (
    "IdentityCall answered in an unexpected way, so {name} may or may not have arrived. Sending "
    "it again is safe: it will not be stored twice."
)
INCOMPLETE = "{name} did not arrive whole, so it was not uploaded. Try again."
TOO_SLOW = (
    "IdentityCall did not answer in time, so {name} may or may not have arrived. Sending it again "
    "is safe: it will not be stored twice."
)


@dataclass(frozen=True)
class Outcome:
    """What happened to one file: created, replayed (already uploaded), rejected or failed."""

    filename: str
    state: str
    message: str = ""
    recording: Recording | None = None
    status: int = 422  # of upload_file's answer: 201, 200, or the error's

    @property
    def ok(self):
        return self.state in ("created", "replayed")


def _projects(request, *, fresh=False):
    return visible_projects(client_for(request.user), request.user, fresh=fresh)


def _page(request, form, outcomes=(), status=200):
    context = {"form": form, "outcomes": outcomes, "limits": json.dumps(MAX_BYTES)}
    return render(request, "recordings/upload.html", context, status=status)


@csrf_exempt  # checked by _upload_post once the upload handlers are in place (Django docs)
@require_http_methods(["GET", "POST"])
def upload(request):
    if request.method == "POST":
        handler = _stream_to_disk(request)
        return _upload_post(request, handler)
    form = UploadForm(projects=_projects(request, fresh=True), initial=_initial_from(request.GET))
    return _page(request, form)


def _initial_from(params):
    """Return initial values from the query string (e.g. ?project=3 from a project's page)."""
    return {key: params[key] for key in ("project", "language") if params.get(key)}


def _stream_to_disk(request):
    """Receive this request's files into hashed temp files; return the handler (its rejections)."""
    # Must happen before anything reads request.POST or request.FILES, CSRF checks included.
    handler = HashingUploadHandler(request)
    request.upload_handlers = [handler]
    return handler


@csrf_protect
def _upload_post(request, handler):
    """The no-JS path: every chosen file in one request, each reported on its own."""
    try:
        form = UploadForm(request.POST, request.FILES, projects=_projects(request))
        if not form.is_valid():
            return _page(request, form, _rejected(request, handler), status=422)
        outcomes = _rejected(request, handler) + send_all(request, form)
        if not outcomes:
            form.add_error("files", "Choose at least one audio file.")
            return _page(request, form, status=422)
        if all(outcome.ok for outcome in outcomes):
            for outcome in outcomes:
                messages.success(request, _sentence(outcome))
            return redirect("recordings:list")
        return _page(request, form, outcomes, status=422)
    finally:
        _remove_temp_files(request)


@require_POST
def upload_file(request):
    """One file as the raw request body, its form's fields in X-Upload-Fields (upload.js).

    The body is never parsed as a form, so the CSRF middleware checks the X-CSRFToken header
    before a byte of the file is read, and the file goes on to IdentityCall while it arrives.
    """
    fields = QueryDict(request.headers.get("X-Upload-Fields", ""))
    filename = os.path.basename(fields.get("filename", "").replace("\\", "/"))
    size = _declared_size(request)
    if request.content_type != "application/octet-stream" or size is None or not filename:
        outcome = Outcome(filename, "rejected", "Send one file as the body of the request.")
        return _file_result(request, outcome, status=400)
    problem = check_file(filename, size)
    if problem:
        return _file_result(request, Outcome(filename, "rejected", problem), status=422)
    try:
        form = UploadForm(fields, projects=_projects(request))
    except errors.IdentityCallError as exc:
        # Listing the projects failed before the file could go anywhere.
        outcome = Outcome(filename, "failed", describe_error(exc, writing=True))
        return _file_result(request, outcome, status=outcome_for(exc)[0])
    if not form.is_valid():
        return _file_result(request, None, form=form, status=422)
    incoming = Incoming(request, size=size, filename=filename)
    try:
        outcome = relay_file(client_for(request.user), request.user, incoming.start(), form)
    finally:
        incoming.close()
    return _file_result(request, outcome, status=outcome.status)


def _declared_size(request):
    """Return the request body's Content-Length (0 when absent, as Django reads it), else None."""
    raw = request.META.get("CONTENT_LENGTH") or "0"
    return int(raw) if raw.isascii() and raw.isdigit() else None


def relay_file(client, user, incoming, form):
    """Send a file to IdentityCall while it arrives; re-send it from disk if relaying failed."""
    data = form.cleaned_data
    filename = incoming.file.name
    batch_size = data.get("batch_size") or 1
    given = data.get("external_id")
    try:
        result = client.stream_recording(
            incoming.chunks(),
            size=incoming.size,
            filename=filename,
            project_id=data["project"],
            language=form.language_to_send(),
            name=display_name_for(filename, data.get("name"), batch_size),
            external_id=lambda: external_id_for(incoming.sha256, given, batch_size),
            external_id_length=len(external_id_for("0" * 64, given, batch_size).encode()),
        )
    except BodyIncomplete:
        return Outcome(filename, "failed", INCOMPLETE.format(name=filename), status=400)
    except (BrowserStalled, errors.TransportError, errors.ServerError) as exc:
        if isinstance(exc, errors.UpstreamTimeout) or (
            isinstance(exc, errors.ServerError) and exc.status not in RETRY_STATUSES
        ):
            # Not sent again: a read timeout has kept a person waiting already, and any other
            # 5xx is an answer (STYLE.md repeats 502/503/504 and connection errors only).
            return _refused(filename, exc)
        # The file never reached IdentityCall whole (its external_id comes last), so sending it
        # again from the temp file, once it has all arrived, cannot store it twice.
        logger.info("Relaying an upload failed (%s); sending it from disk", type(exc).__name__)
        incoming.stop_relaying()
        if not incoming.wait():
            return Outcome(filename, "failed", INCOMPLETE.format(name=filename), status=400)
        return send_file(client, user, incoming.file, form, batch_size,
                         sha256=incoming.sha256, retries=client.max_retries - 1)
    except errors.IdentityCallError as exc:
        logger.info("Upload of a file refused: %s %s", type(exc).__name__, exc.status)
        return _refused(filename, exc)
    finally:
        incoming.stop_relaying()
    incoming.wait()
    return _stored(result, incoming.file, incoming.sha256, user)


def _file_result(request, outcome, *, form=None, status):
    context = {"outcome": outcome, "form": form}
    return render(request, "recordings/_upload_result.html", context, status=status)


def _rejected(request, handler):
    """Return an Outcome per file the upload handler refused while it arrived."""
    request.FILES  # noqa: B018  (the body is parsed on first access; only then is this known)
    return [Outcome(name, "rejected", message) for name, message in handler.rejected]


def send_all(request, form):
    """Return one Outcome per file of a valid form, sending each to IdentityCall in turn."""
    files = form.cleaned_data["files"]
    batch_size = form.cleaned_data.get("batch_size") or len(files)
    client = client_for(request.user)
    return [send_file(client, request.user, file, form, batch_size) for file in files]


def send_file(client, user, file, form, batch_size, *, sha256=None, retries=None):
    """Check one received file, stream it to IdentityCall, keep a copy; return its Outcome."""
    problem = check_file(file.name, file.size)
    if problem:
        return Outcome(file.name, "rejected", problem)
    sha256 = sha256 or getattr(file, "sha256", None) or sha256_of(file)
    data = form.cleaned_data
    try:
        with open(file.temporary_file_path(), "rb") as stream:
            result = client.upload_recording(
                stream,
                filename=file.name,
                project_id=data["project"],
                language=form.language_to_send(),
                name=display_name_for(file.name, data.get("name"), batch_size),
                external_id=external_id_for(sha256, data.get("external_id"), batch_size),
                retries=retries,
            )
    except errors.IdentityCallError as exc:
        logger.info("Upload of a file refused: %s %s", type(exc).__name__, exc.status)
        return _refused(file.name, exc)
    return _stored(result, file, sha256, user)


def _stored(result, file, sha256, user):
    """Return the Outcome of an upload IdentityCall accepted, after keeping the console's copy."""
    note = _keep_copy(result.recording, file, sha256, user)
    if result.created:
        return Outcome(file.name, "created", note, recording=result.recording, status=201)
    return Outcome(file.name, "replayed", note, recording=result.recording, status=200)


def _keep_copy(recording, file, sha256, user):
    """Keep the console's copy for playback; return a note when that failed ('' when kept)."""
    try:
        audio.keep_copy(
            recording=recording,
            file=file,
            original_name=file.name,
            sha256=sha256,
            user=user,
        )
    except OSError:
        # IdentityCall has the file; failing the request now would only invite a retry.
        logger.exception("Could not keep the audio of recording %s", recording.ref)
        return "The console could not keep its own copy, so it cannot be played here."
    return ""


def _refused(name, exc):
    """Return the Outcome for an upload IdentityCall refused or never answered."""
    status = outcome_for(exc)[0]
    if isinstance(exc, (errors.ValidationError, errors.BadRequestError)):
        detail = "; ".join(exc.errors) or exc.message
        return Outcome(name, "rejected", f"IdentityCall refused {name}: {detail}", status=status)
    if isinstance(exc, errors.PermissionDeniedError):
        message = (
            "Your API key cannot upload to this project (it needs write permission, and a "
            "project-scoped key reaches only its own project)."
        )
        return Outcome(name, "rejected", message, status=status)
    if isinstance(exc, errors.RateLimitError):
        message = (
            f"IdentityCall is rate limiting requests; {name} was not uploaded. "
            f"Try again in {retry_after_seconds(exc)} seconds."
        )
        return Outcome(name, "failed", message, status=status)
    if isinstance(exc, errors.UpstreamTimeout):
        return Outcome(name, "failed", TOO_SLOW.format(name=name), status=status)
    if isinstance(exc, errors.InvalidResponseError):
        # A malformed 2xx: IdentityCall probably stored the file, so "not uploaded" would be wrong.
        return Outcome(name, "failed", UNREADABLE.format(name=name), status=status)
    if isinstance(exc, (errors.NotFoundError, errors.AuthenticationError)):
        return Outcome(name, "rejected", describe_error(exc, writing=True), status=status)
    return Outcome(name, "failed", UNREACHABLE.format(name=name), status=status)


def _sentence(outcome):
    """Return the message the list shows after a successful no-JS upload."""
    name = outcome.recording.name or outcome.filename
    if outcome.state == "replayed":
        sentence = f"{outcome.filename} was already uploaded as “{name}”; it was not stored again."
    else:
        sentence = f"{outcome.filename} was uploaded as “{name}”; IdentityCall is processing it."
    return f"{sentence} {outcome.message}".strip()


def _remove_temp_files(request):
    """Close (and so delete) every temp file of this request, whatever happened."""
    received = getattr(request, "_files", None)
    for _, files in received.lists() if received else ():
        for file in files:
            file.close()
