"""Uploading recordings: the form, one file per request for upload.js, and the no-JS fallback.

Files arrive in temporary files on disk (hashed while they stream in), go to IdentityCall streamed
from those files, and a copy is kept for playback. Nothing holds a whole file in memory.
"""

import json
import logging
import os
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from apps.identitycall import errors
from apps.frame.middleware import outcome_for
from apps.identitycall.resources import Recording
from apps.accounts.clients import client_for
from apps.frame.errors import describe_error, retry_after_seconds
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
# After these, IdentityCall may have stored the file; the external_id makes a re-send harmless.
AGAIN_IS_SAFE = "Sending it again is safe: it will not be stored twice."
UNREADABLE = (
    "IdentityCall answered in an unexpected way, so {name} may or may not have arrived. "
    + AGAIN_IS_SAFE
)
TOO_SLOW = (
    "IdentityCall did not answer in time, so {name} may or may not have arrived. " + AGAIN_IS_SAFE
)
FAILED_UPSTREAM = (
    "IdentityCall answered with an error, so {name} may or may not have been stored. "
    + AGAIN_IS_SAFE
)
DROPPED = (
    "The connection to IdentityCall broke before it answered, so {name} may or may not have been "
    "stored. " + AGAIN_IS_SAFE
)
INCOMPLETE = "{name} did not arrive whole, so it was not uploaded. Try again."
STALLED = (
    "{name} stopped arriving from your browser, so it was not uploaded. Check the connection "
    "and try again."
)
NO_COPY = "The console keeps no audio of that recording, so it cannot be played here."
OTHER_FILE = (
    "That recording was made from a different file, and its audio stays as it was. To upload "
    "{name} as a recording of its own, give it another external ID."
)
TOO_MANY_FILES = (
    "You chose {count} files; at most {limit} can be sent at once. Nothing was uploaded: choose "
    "fewer files and send them again."
)
TOO_MANY_BYTES = (
    "These files come to {size}; at most {limit} can be sent at once. Nothing was uploaded: "
    "choose fewer files and send them again."
)
FILE_TOO_BIG = "{name} is {size}; this console accepts at most {limit} in one upload."


@dataclass(frozen=True)
class Outcome:
    """What happened to one file: created, replayed, rejected, failed or unconfirmed (maybe stored)."""

    filename: str
    state: str
    message: str = ""
    recording: Recording | None = None
    status: int = 422  # of upload_file's answer: 201, 200, or the error's
    external_id: str = ""  # of a replayed upload, when the person chose it

    @property
    def ok(self):
        return self.state in ("created", "replayed")

    @property
    def look(self):
        """Return the state whose colours the result wears (unconfirmed warns like a failure)."""
        return "failed" if self.state == "unconfirmed" else self.state


def _projects(request, *, fresh=False):
    return visible_projects(client_for(request.user), request.user, fresh=fresh)


def _page(request, form, outcomes=(), status=200, refused=""):
    context = {
        "form": form,
        "outcomes": outcomes,
        "refused": refused,
        "limits": json.dumps(MAX_BYTES),
    }
    return render(request, "recordings/upload.html", context, status=status)


@csrf_exempt  # checked by _upload_post once the upload handlers are in place (Django docs)
@require_http_methods(["GET", "POST"])
def upload(request):
    if request.method == "POST":
        size = _declared_size(request) or 0
        if size > settings.UPLOAD_MAX_REQUEST_BYTES:
            # Refused before a byte is read: nothing reaches the disk or IdentityCall, and the
            # page changes nothing, so it needs no CSRF check (the token is in the unread body).
            return _refuse_all(request, TOO_MANY_BYTES.format(
                size=filesizeformat(size), limit=filesizeformat(settings.UPLOAD_MAX_REQUEST_BYTES)
            ), status=413)
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


def _refuse_all(request, message, *, status, fields=None):
    """Return the upload page refusing a whole request, with the fields that did arrive."""
    initial = {key: value for key, value in (fields or {}).items() if key in UploadForm.base_fields}
    form = UploadForm(projects=_projects(request), initial=initial)
    return _page(request, form, status=status, refused=message)


@csrf_protect
def _upload_post(request, handler):
    """The no-JS path: every chosen file in one request, each reported on its own."""
    try:
        request.FILES  # noqa: B018  (parsed on first access; the CSRF check may not have read it)
        if handler.files_over_limit:
            # Nothing goes to IdentityCall: half a batch uploaded would be harder to sort out.
            message = TOO_MANY_FILES.format(
                count=handler.files_seen_text, limit=settings.UPLOAD_MAX_FILES
            )
            return _refuse_all(request, message, status=422, fields=request.POST.dict())
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
    if problem or size > settings.UPLOAD_MAX_REQUEST_BYTES:
        status, problem = (422, problem) if problem else (413, _too_big(filename, size))
        return _file_result(request, Outcome(filename, "rejected", problem), status=status)
    try:
        form = UploadForm(fields, projects=_projects(request))
    except errors.IdentityCallError as exc:
        # Listing the projects failed before the file could go anywhere.
        outcome = Outcome(filename, "failed", describe_error(exc, writing=True))
        return _file_result(request, outcome, status=outcome_for(exc)[0])
    if not form.is_valid():
        return _file_result(request, None, form=form, status=422)
    # Under gunicorn a stalled browser's socket can be shut for reading, ending the reader too.
    connection = request.META.get("gunicorn.socket")
    incoming = Incoming(request, size=size, filename=filename, connection=connection)
    try:
        outcome = relay_file(client_for(request.user), request.user, incoming.start(), form)
    finally:
        incoming.close()
    return _file_result(request, outcome, status=outcome.status)


def _too_big(filename, size):
    limit = filesizeformat(settings.UPLOAD_MAX_REQUEST_BYTES)
    return FILE_TOO_BIG.format(name=filename, size=filesizeformat(size), limit=limit)


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
    except (BodyIncomplete, BrowserStalled):
        return _not_arrived(incoming)
    except (errors.TransportError, errors.ServerError) as exc:
        return _relay_failed(client, user, incoming, form, exc)
    except errors.IdentityCallError as exc:
        logger.info("Upload of a file refused: %s %s", type(exc).__name__, exc.status)
        return _refused(filename, exc)
    finally:
        incoming.stop_relaying()
    incoming.wait()
    chosen = _chosen_id(incoming.sha256, given, batch_size)
    return _stored(result, incoming.file, incoming.sha256, user, chosen)


def _relay_failed(client, user, incoming, form, exc):
    """Return the Outcome after relaying failed: sent again from disk when that may help."""
    filename = incoming.file.name
    if isinstance(exc, errors.UpstreamTimeout) or (
        isinstance(exc, errors.ServerError) and exc.status not in RETRY_STATUSES
    ):
        # Not sent again: a read timeout has kept a person waiting already, and any other
        # 5xx is an answer (STYLE.md repeats 502/503/504 and connection errors only).
        return _refused(filename, exc)
    # Sending it again from the temp file, once it has all arrived, cannot store it twice: the
    # external_id makes IdentityCall answer a second copy with the first.
    logger.info("Relaying an upload failed (%s); sending it from disk", type(exc).__name__)
    incoming.stop_relaying()
    if not incoming.wait():
        return _not_arrived(incoming)
    batch_size = form.cleaned_data.get("batch_size") or 1
    return send_file(client, user, incoming.file, form, batch_size, sha256=incoming.sha256,
                     retries=client.max_retries - 1, maybe_stored=exc.outcome_unknown)


def _not_arrived(incoming):
    """Return the Outcome of a body that broke off or stopped arriving (nothing was stored)."""
    # The external_id goes after the file, so IdentityCall never had all of it.
    sentence = STALLED if incoming.stalled else INCOMPLETE
    return Outcome(incoming.file.name, "failed", sentence.format(name=incoming.file.name),
                   status=400)


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


def send_file(client, user, file, form, batch_size, *, sha256=None, retries=None,
              maybe_stored=False):
    """Check one received file, stream it to IdentityCall, keep a copy; return its Outcome.

    `maybe_stored` says an earlier attempt may have stored it already (its outcome is unknown).
    """
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
        return _refused(file.name, exc, maybe_stored=maybe_stored)
    chosen = _chosen_id(sha256, data.get("external_id"), batch_size)
    return _stored(result, file, sha256, user, chosen)


def _chosen_id(sha256, given, batch_size):
    """Return the external_id sent when the person chose one ('' when derived from the content)."""
    return external_id_for(sha256, given, batch_size) if (given or "").strip() else ""


def _stored(result, file, sha256, user, external_id=""):
    """Return the Outcome of an upload IdentityCall accepted; keep a copy only of its own audio."""
    recording = result.recording
    if result.created:
        note = _keep_copy(recording, file, sha256, user)
        return Outcome(file.name, "created", note, recording=recording, status=201)
    # 200: IdentityCall answered with the recording it already had for this project and
    # external_id, which may have been made from other audio (another person's upload under the
    # same external_id). These bytes never become its copy: only a copy already kept, and
    # hash-identical, is vouched for.
    kept = _kept_copy(recording)
    if kept is None:
        note = NO_COPY
    elif kept.sha256 != sha256:
        note = OTHER_FILE.format(name=file.name)
    else:
        note = ""
    return Outcome(file.name, "replayed", note, recording=recording, status=200,
                   external_id=external_id)


def _kept_copy(recording):
    """Return the StoredAudio kept for `recording` (under its public_id or its id), or None."""
    refs = (recording.ref, recording.id)
    return next(filter(None, (audio.find(ref) for ref in refs if ref is not None)), None)


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


def _refused(name, exc, *, maybe_stored=False):
    """Return the Outcome for an upload IdentityCall refused or never answered.

    `maybe_stored`: an earlier attempt may have stored the file, so a later refusal to connect
    does not make it "not uploaded".
    """
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
    if isinstance(exc, errors.ConflictError):
        return Outcome(name, "rejected", _conflict(name, exc), status=status)
    if isinstance(exc, (errors.NotFoundError, errors.AuthenticationError)):
        return Outcome(name, "rejected", describe_error(exc, writing=True), status=status)
    unknown = _unknown_outcome(name, exc, maybe_stored)
    if unknown:
        return Outcome(name, "unconfirmed", unknown, status=status)
    # Only a request that never left (refused, DNS, connect timeout) gets here.
    return Outcome(name, "failed", UNREACHABLE.format(name=name), status=status)


def _unknown_outcome(name, exc, maybe_stored):
    """Return why IdentityCall may or may not have stored the file; '' when it certainly did not."""
    if exc.outcome_unknown:
        if isinstance(exc, errors.UpstreamTimeout):
            return TOO_SLOW.format(name=name)
        if isinstance(exc, errors.InvalidResponseError):
            # A malformed 2xx: IdentityCall probably stored the file.
            return UNREADABLE.format(name=name)
        if isinstance(exc, errors.TransportError):
            return DROPPED.format(name=name)
        return FAILED_UPSTREAM.format(name=name)
    if maybe_stored and isinstance(exc, errors.TransportError):
        # This attempt never left, but the relayed one before it may have arrived whole.
        return DROPPED.format(name=name)
    return ""


def _conflict(name, exc):
    """Return the sentence for a 409: IdentityCall refused the file, quoting why (escaped later)."""
    # IdentityCall docs gap: uploads document no 409; its own words are the only explanation.
    said = exc.message.strip().rstrip(".") if exc.errors else ""
    detail = f" ({said})" if said else ""
    return (
        f"IdentityCall refused {name}: it conflicts with what IdentityCall holds{detail}. "
        "It was not stored."
    )


def _sentence(outcome):
    """Return the message the list shows after a successful no-JS upload."""
    name = outcome.recording.name or outcome.filename
    if outcome.state == "replayed" and outcome.external_id:
        sentence = (
            f"{outcome.filename} was not stored: IdentityCall already has “{name}” with the "
            f"external ID “{outcome.external_id}”."
        )
    elif outcome.state == "replayed":
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
