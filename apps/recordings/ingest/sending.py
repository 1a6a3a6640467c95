"""Received files go on to IdentityCall, and the console keeps its copy of each one created.

`relay_file` sends a file while it is still arriving (upload.js's path) and falls back to
`send_file`, which sends a file from its temp file (the no-JavaScript path, a re-send, and the
queued uploads' task). Both answer an Outcome (ingest/outcomes.py) and never raise for an upstream
failure. A recording IdentityCall created (201) is kept a copy of and watched until it finishes
(apps/recordings/watching.py), whichever path sent it.
"""

import logging

from django.db import DatabaseError

from apps.identitycall import errors

from .. import watching
from . import outcomes, storage
from .incoming import BodyIncomplete, BrowserStalled
from .outcomes import Outcome
from .rules import check_file, chosen_external_id, display_name_for, external_id_for

logger = logging.getLogger(__name__)


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
        return outcomes.not_arrived(filename, stalled=incoming.stalled)
    except (errors.TransportError, errors.ServerError) as exc:
        return _relay_failed(client, user, incoming, form, exc)
    except errors.IdentityCallError as exc:
        logger.info("Upload of a file refused: %s %s", type(exc).__name__, exc.status)
        return outcomes.refused(filename, exc)
    finally:
        incoming.stop_relaying()
    incoming.wait()
    chosen = chosen_external_id(incoming.sha256, given, batch_size)
    return _accepted(result, incoming.file, user, chosen, fingerprint=_fingerprint(client))


def _relay_failed(client, user, incoming, form, exc):
    """Return the Outcome after relaying failed: sent again from disk when that may help."""
    if not exc.retryable:
        # Not sent again: a read timeout has kept a person waiting already, and any other 5xx
        # is an answer (docs/api-decisions.md, "Retries").
        return outcomes.refused(incoming.file.name, exc)
    # Sending it again from the temp file, once it has all arrived, cannot store it twice: the
    # external_id makes IdentityCall answer a second copy with the first.
    logger.info("Relaying an upload failed (%s); sending it from disk", type(exc).__name__)
    incoming.stop_relaying()
    if not incoming.wait():
        return outcomes.not_arrived(incoming.file.name, stalled=incoming.stalled)
    batch_size = form.cleaned_data.get("batch_size") or 1
    return send_file(client, user, incoming.file, form, batch_size,
                     retries=client.max_retries - 1, maybe_stored=exc.outcome_unknown)


def send_all(client, user, form):
    """Return one Outcome per file of a valid form, sending each to IdentityCall in turn."""
    files = form.cleaned_data["files"]
    batch_size = form.cleaned_data.get("batch_size") or len(files)
    return [send_file(client, user, file, form, batch_size) for file in files]


def send_file(client, user, file, form, batch_size, *, retries=None, maybe_stored=False):
    """Check one received file, stream it to IdentityCall, keep a copy; return its Outcome.

    `file` is a received temp file, carrying its `sha256` (ingest/receiving.py). `maybe_stored`
    says an earlier attempt may have stored it already (its outcome is unknown).
    """
    problem = check_file(file.name, file.size)
    if problem:
        return Outcome(file.name, "rejected", problem)
    data = form.cleaned_data
    try:
        with open(file.temporary_file_path(), "rb") as stream:
            result = client.upload_recording(
                stream,
                filename=file.name,
                project_id=data["project"],
                language=form.language_to_send(),
                name=display_name_for(file.name, data.get("name"), batch_size),
                external_id=external_id_for(file.sha256, data.get("external_id"), batch_size),
                retries=retries,
            )
    except errors.IdentityCallError as exc:
        logger.info("Upload of a file refused: %s %s", type(exc).__name__, exc.status)
        return outcomes.refused(file.name, exc, maybe_stored=maybe_stored)
    chosen = chosen_external_id(file.sha256, data.get("external_id"), batch_size)
    return _accepted(result, file, user, chosen, fingerprint=_fingerprint(client))


def _accepted(result, file, user, external_id="", *, fingerprint=None):
    """Return the Outcome of an upload IdentityCall accepted; keep a copy only of its own audio.

    A created recording is watched for its uploader, with the key (`fingerprint`) that sent it.
    """
    recording = result.recording
    if result.created:
        note = _keep_copy(recording, file, user)
        _watch(user, fingerprint, recording)
        return Outcome(file.name, "created", note, recording=recording, status=201)
    # 200: IdentityCall answered with the recording it already had for this project and
    # external_id, which may have been made from other audio (another person's upload under the
    # same external_id). These bytes never become its copy: only a copy already kept, and
    # hash-identical, is vouched for (docs/api-decisions.md, "Upload fields").
    kept = storage.copy_of(recording)
    if kept is None:
        note = outcomes.NO_COPY
    elif kept.sha256 != file.sha256:
        note = outcomes.OTHER_FILE.format(name=file.name)
    else:
        note = ""
    return Outcome(file.name, "replayed", note, recording=recording, status=200,
                   external_id=external_id)


def _fingerprint(client):
    """Return the client's key fingerprint (IdentityCallClient.fingerprint), or None for a
    stand-in without one."""
    fingerprint = getattr(client, "fingerprint", None)
    return fingerprint if isinstance(fingerprint, str) else None


def _watch(user, fingerprint, recording):
    """Start watching a created recording; a failure only costs the notification, never the
    upload (IdentityCall has the file)."""
    if fingerprint is None or user is None or not recording.ref:
        return
    try:
        watching.start_watching(user, fingerprint, recording)
    except DatabaseError:
        logger.exception("Could not watch recording %s", recording.ref)


def _keep_copy(recording, file, user):
    """Keep the console's copy for playback; return a note when that failed ('' when kept)."""
    try:
        storage.keep_copy(
            recording=recording, file=file, original_name=file.name, sha256=file.sha256, user=user
        )
    except (OSError, DatabaseError):
        # IdentityCall has the file; failing the request now would only invite a retry.
        logger.exception("Could not keep the audio of recording %s", recording.ref)
        return outcomes.NOT_KEPT
    return ""


def send_kept_copy(client, user, copy, *, project_id, language, name, external_id):
    """Send the console's kept copy (a StoredAudio) to IdentityCall again (a retry,
    apps/recordings/retries.py); return its Outcome. A new recording gets its own kept copy."""
    try:
        handle, _ = storage.open_copy(copy)
    except OSError:
        logger.exception("Could not open the kept audio of %s", copy.recording_key)
        return Outcome(copy.original_name, "failed", outcomes.COPY_UNREADABLE, status=503)
    with handle:
        # The copy's own file handle: read from the start on each attempt (upload_recording).
        handle.name = copy.original_name
        handle.sha256 = copy.sha256
        try:
            result = client.upload_recording(
                handle, filename=copy.original_name, project_id=project_id, language=language,
                name=name, external_id=external_id,
            )
        except errors.IdentityCallError as exc:
            logger.info("Retry of a kept copy refused: %s %s", type(exc).__name__, exc.status)
            return outcomes.refused(copy.original_name, exc)
        handle.seek(0)
        return _accepted(result, handle, user, external_id, fingerprint=_fingerprint(client))
