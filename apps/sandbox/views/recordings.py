"""Recordings: list, upload, get, rename or move, delete, and the three derived sub-resources."""

import secrets
import uuid
from pathlib import PurePath

from django.db import IntegrityError, transaction
from django.http.multipartparser import MultiPartParserError
from django.utils import timezone

from .. import serializers
from ..auth import api_view, endpoint, visible_projects, visible_recordings
from ..ids import uuid7
from ..models import STATUSES, Recording
from ..paging import one_page, page_params
from ..processing import status_filter, status_of
from ..responses import ApiError, Invalid, NotFound, created, no_content, ok
from ..validation import LANGUAGES, Checker, json_body, positive_int

MB = 1024 * 1024
SIZE_LIMITS = {
    ".mp3": 100 * MB,
    ".m4a": 100 * MB,
    ".ogg": 100 * MB,
    ".webm": 100 * MB,
    ".wav": 500 * MB,
    ".flac": 500 * MB,
}
# Rough bytes per second of audio, to estimate a duration without decoding anything.
BYTES_PER_SECOND = {".wav": 176_000, ".flac": 176_000}
COMPRESSED_BYTES_PER_SECOND = 16_000
MIN_DURATION_MS = 10_000
MAX_DURATION_MS = 2 * 3600 * 1000
# IdentityCall docs gap: the 403 for a mismatched project_id is documented without its message.
SCOPE_MISMATCH = "project_id does not match the API key's project"


def find_recording(key, recording_id):
    """Return the recording named by its integer id or UUID public_id, within the key's scope."""
    # IdentityCall docs conflict: old pages type :id as an integer, new ones prefer the UUID;
    # both are accepted.
    recordings = visible_recordings(key).select_related("project")
    if recording_id.isdigit():
        recording = recordings.filter(pk=int(recording_id)).first()
    else:
        try:
            recording = recordings.filter(public_id=uuid.UUID(recording_id)).first()
        except ValueError:
            recording = None
    if recording is None:
        raise NotFound()
    return recording


@api_view(permission="read")
def list_recordings(request):
    key = request.sandbox_key
    page, per_page = page_params(request)
    now = timezone.now()
    recordings = visible_recordings(key)
    status = request.GET.get("status")
    if status:
        if status not in STATUSES:
            raise ApiError(422, f"status must be one of {', '.join(STATUSES)}")
        recordings = recordings.filter(status_filter(status, now))
    # IdentityCall docs gap: only `status` is documented; `project_id` is our inferred filter.
    project_id = request.GET.get("project_id")
    if project_id:
        if positive_int(project_id) is None:
            raise ApiError(422, "project_id must be a positive integer")
        recordings = recordings.filter(project_id=int(project_id))

    # IdentityCall docs gap: the list's order is undocumented; newest first.
    rows, meta = one_page(recordings.order_by("-created_at", "-id"), page, per_page)
    return ok([serializers.recording_item(row, now) for row in rows], meta=meta)


@api_view(permission="write")
def create_recording(request):
    key = request.sandbox_key
    file_name, size = _receive_file(request)
    extension = PurePath(file_name).suffix.lower()
    if extension not in SIZE_LIMITS:
        raise ApiError(422, "Invalid file type")
    if size > SIZE_LIMITS[extension]:
        raise ApiError(422, "File too large")
    if size == 0:
        raise Invalid(["file is empty"])

    project = _upload_project(key, request.POST.get("project_id", "").strip())
    checker = Checker({k: v for k, v in request.POST.items() if k in ("name", "external_id")})
    checker.text("name")
    checker.text("external_id")
    values = checker.done()
    language = (request.POST.get("language") or "").strip().lower()
    if language and language not in LANGUAGES:
        raise Invalid(["language must be a two-letter ISO 639-1 language code"])
    # IdentityCall docs gap: the create page defaults `language` to `en`; a project's language is
    # documented as its transcription default, so that comes first.
    language = language or project.language or "en"

    external_id = values.get("external_id")
    if external_id:
        existing = Recording.objects.filter(project=project, external_id=external_id).first()
        if existing is not None:
            return ok(serializers.recording_detail(existing))  # idempotent replay: 200, nothing new
    now = timezone.now()
    recording = Recording(
        public_id=uuid7(),
        project=project,
        external_id=external_id,
        name=values.get("name") or file_name,
        language=language,
        created_at=now,
        updated_at=now,
        duration_ms=estimate_duration_ms(extension, size),
        seed=secrets.randbits(31),
        fails="fail" in file_name.lower(),
        file_name=file_name,
        file_size=size,
    )
    try:
        with transaction.atomic():
            recording.save()
    except IntegrityError:  # the same external_id arrived twice at once
        existing = Recording.objects.get(project=project, external_id=external_id)
        return ok(serializers.recording_detail(existing))
    # The upload itself always answers `pending`, however short the processing time.
    return created(serializers.recording_detail(recording, now, status="pending"))


def _receive_file(request):
    """Return the uploaded file's (name, size), deleting every temporary file straight away."""
    # IdentityCall docs conflict: the create page answers a missing file with 400, the Errors
    # page lists the message under 422; we follow the create page.
    try:
        try:
            upload = request.FILES.get("file")
        except MultiPartParserError:
            raise ApiError(400, "file is required") from None
        if upload is None:
            raise ApiError(400, "file is required")
        return upload.name or "", upload.size
    finally:
        # The sandbox never keeps audio: close (and so delete) the temporary files now.
        for _, handles in request.FILES.lists():
            for handle in handles:
                handle.close()


def _upload_project(key, raw_project_id):
    """Return the project a new recording goes to, by the rules for the key's scope."""
    if key.project_id:
        if raw_project_id and positive_int(raw_project_id) != key.project_id:
            raise ApiError(403, SCOPE_MISMATCH)
        return key.project
    if not raw_project_id:
        # IdentityCall docs gap: the status for a missing project_id is undocumented; 422.
        raise Invalid(["project_id is required"])
    if positive_int(raw_project_id) is None:
        raise Invalid(["project_id must be a positive integer"])
    project = visible_projects(key).filter(pk=int(raw_project_id)).first()
    if project is None:
        raise NotFound()
    return project


def estimate_duration_ms(extension, size):
    """Return a plausible duration for a file of this type and size (10 s to 2 h)."""
    rate = BYTES_PER_SECOND.get(extension, COMPRESSED_BYTES_PER_SECOND)
    return max(MIN_DURATION_MS, min(MAX_DURATION_MS, int(size * 1000 / rate)))


@api_view(permission="read")
def get_recording(request, recording_id):
    recording = find_recording(request.sandbox_key, recording_id)
    return ok(serializers.recording_detail(recording))


@api_view(permission="write")
def update_recording(request, recording_id):
    key = request.sandbox_key
    recording = find_recording(key, recording_id)
    body = json_body(request)
    checker = Checker(body)
    # IdentityCall docs conflict: the request field is `display_name` while responses say `name`;
    # `name` is accepted too, `display_name` wins.
    field = "display_name" if "display_name" in body or "name" not in body else "name"
    checker.text(field, nullable=False)
    checker.integer("project_id", minimum=1, nullable=False)
    values = checker.done()
    if field in values:
        recording.name = values[field]
    if "project_id" in values:
        recording.project = _target_project(key, values["project_id"])
    recording.updated_at = timezone.now()
    try:
        with transaction.atomic():
            recording.save()
    except IntegrityError:
        raise Invalid(["external_id has already been taken in that project"]) from None
    return ok(serializers.recording_detail(recording))


def _target_project(key, project_id):
    """Return the project a recording may move to: scoped keys cannot move anything out."""
    # IdentityCall docs gap: moving is only described in prose ("reassign to a different
    # project"); the body field is presumably `project_id`.
    if key.project_id and project_id != key.project_id:
        raise ApiError(403, SCOPE_MISMATCH)
    project = visible_projects(key).filter(pk=project_id).first()
    if project is None:
        raise NotFound()
    return project


@api_view(permission="delete")
def delete_recording(request, recording_id):
    # IdentityCall docs conflict: "permanent" (old page) or "soft" (new overview); either way it
    # is gone for the API, so the row is deleted.
    find_recording(request.sandbox_key, recording_id).delete()
    return no_content()


def _completed(request, recording_id):
    recording = find_recording(request.sandbox_key, recording_id)
    if status_of(recording) != "completed":
        # IdentityCall docs gap: only /transcription is hinted at; results and summary match it.
        raise ApiError(422, "Transcription not available")
    return recording


@api_view(permission="read")
def get_transcription(request, recording_id):
    return ok(serializers.transcription(_completed(request, recording_id)))


@api_view(permission="read")
def get_results(request, recording_id):
    return ok(serializers.results(_completed(request, recording_id)))


@api_view(permission="read")
def get_summary(request, recording_id):
    return ok(serializers.summary(_completed(request, recording_id)))


recordings = endpoint(GET=list_recordings, POST=create_recording)
recording = endpoint(GET=get_recording, PATCH=update_recording, DELETE=delete_recording)
transcription = endpoint(GET=get_transcription)
results = endpoint(GET=get_results)
summary = endpoint(GET=get_summary)
