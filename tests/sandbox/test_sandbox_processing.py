"""Processing follows the clock: pending, processing, then completed or failed."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.sandbox.models import Recording
from tests.sandbox.builders import make_recording

pytestmark = pytest.mark.django_db

NOT_AVAILABLE = {"error": "Transcription not available"}
SUB_RESOURCES = ("transcription", "results", "summary")


def _age(recording, seconds):
    Recording.objects.filter(pk=recording.pk).update(
        created_at=timezone.now() - timedelta(seconds=seconds)
    )


def _status(api, recording):
    return api.get(f"/recordings/{recording.id}").json()["data"]["status"]


def test_status_moves_from_pending_to_processing_to_completed(api, project, settings):
    settings.SANDBOX_PROCESSING_SECONDS = 10
    upload = api.upload(project_id=project.id).json()["data"]
    recording = Recording.objects.get(pk=upload["id"])
    assert upload["status"] == "pending"
    _age(recording, 1)
    assert _status(api, recording) == "pending"
    _age(recording, 5)
    assert _status(api, recording) == "processing"
    _age(recording, 11)
    assert _status(api, recording) == "completed"


def test_a_file_named_fail_ends_failed(api, project, settings):
    settings.SANDBOX_PROCESSING_SECONDS = 10
    upload = api.upload(project_id=project.id, file_name="will-FAIL.wav").json()["data"]
    recording = Recording.objects.get(pk=upload["id"])
    _age(recording, 5)
    assert _status(api, recording) == "processing"
    _age(recording, 30)
    assert _status(api, recording) == "failed"
    for part in SUB_RESOURCES:
        response = api.get(f"/recordings/{recording.id}/{part}")
        assert (response.status_code, response.json()) == (422, NOT_AVAILABLE)


def test_sub_resources_are_422_until_completed(api, project, settings):
    settings.SANDBOX_PROCESSING_SECONDS = 60
    recording = Recording.objects.get(pk=api.upload(project_id=project.id).json()["data"]["id"])
    for part in SUB_RESOURCES:
        response = api.get(f"/recordings/{recording.public_id}/{part}")
        assert (response.status_code, response.json()) == (422, NOT_AVAILABLE)
    _age(recording, 61)
    for part in SUB_RESOURCES:
        assert api.get(f"/recordings/{recording.public_id}/{part}").status_code == 200


def test_with_zero_seconds_the_upload_says_pending_and_the_next_get_completed(
    api, project, settings
):
    settings.SANDBOX_PROCESSING_SECONDS = 0
    upload = api.upload(project_id=project.id).json()["data"]
    assert upload["status"] == "pending"
    detail = api.get(f"/recordings/{upload['public_id']}").json()["data"]
    assert detail["status"] == "completed"
    assert detail["speakers"] and detail["goals_evaluated"]


def test_seeded_overrides_stay_put_whatever_the_clock(api, project, settings):
    settings.SANDBOX_PROCESSING_SECONDS = 1
    stuck = make_recording(project, status_override="processing", ago_seconds=86400)
    assert _status(api, stuck) == "processing"


def test_status_filter_agrees_with_the_clock(api, project, settings):
    settings.SANDBOX_PROCESSING_SECONDS = 100
    make_recording(project, name="new", ago_seconds=5)
    make_recording(project, name="mid", ago_seconds=50)
    make_recording(project, name="old", ago_seconds=500)
    make_recording(project, name="broken", ago_seconds=500, fails=True)
    for status, name in (
        ("pending", "new"),
        ("processing", "mid"),
        ("completed", "old"),
        ("failed", "broken"),
    ):
        rows = api.get("/recordings", {"status": status}).json()["data"]
        assert [(row["name"], row["status"]) for row in rows] == [(name, status)]
