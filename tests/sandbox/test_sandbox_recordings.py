"""Recordings: list and pagination, upload rules, idempotency, get, rename, move, delete."""

import re
import uuid

import pytest
from django.test import override_settings

from apps.sandbox.models import Recording
from apps.sandbox.views import recordings as recording_views
from tests.sandbox.builders import make_project, make_recording

pytestmark = pytest.mark.django_db

ITEM_FIELDS = {
    "id",
    "public_id",
    "project_id",
    "external_id",
    "name",
    "status",
    "language",
    "duration_ms",
    "created_at",
    "updated_at",
    "speakers",
    "goal_achievement",
}
DETAIL_FIELDS = ITEM_FIELDS | {
    "dialogues_count",
    "goals_evaluated",
    "keywords_detected",
    "pauses_detected",
    "audio_attached",
}
ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


def test_list_wraps_items_in_data_with_meta_and_defaults_to_20_per_page(api, project):
    for n in range(25):
        make_recording(project, name=f"Call {n}", ago_seconds=3600 + n * 60)
    body = api.get("/recordings").json()
    assert body["meta"] == {"current_page": 1, "total_pages": 2, "total_count": 25, "per_page": 20}
    assert len(body["data"]) == 20
    assert set(body["data"][0]) == ITEM_FIELDS
    assert [row["name"] for row in body["data"][:3]] == [
        "Call 0",
        "Call 1",
        "Call 2",
    ]  # newest first
    second = api.get("/recordings", {"page": 2}).json()
    assert [row["name"] for row in second["data"]] == [f"Call {n}" for n in range(20, 25)]
    assert second["meta"]["current_page"] == 2


def test_per_page_is_capped_at_100_and_invalid_values_are_422(api, project):
    make_recording(project)
    assert api.get("/recordings", {"per_page": 500}).json()["meta"]["per_page"] == 100
    for bad in ("0", "-3", "many"):
        response = api.get("/recordings", {"per_page": bad})
        assert response.status_code == 422
        assert response.json() == {"error": "per_page must be between 1 and 100"}
    assert api.get("/recordings", {"page": "0"}).json() == {
        "error": "page must be a positive integer"
    }


def test_a_page_past_the_end_is_empty(api, project):
    make_recording(project)
    body = api.get("/recordings", {"page": 9}).json()
    assert body["data"] == [] and body["meta"]["total_count"] == 1


def test_list_filters_by_status_and_project(api, project, other_project):
    done = make_recording(project, name="Done")
    failed = make_recording(project, name="Failed", fails=True)
    waiting = make_recording(other_project, name="Waiting", status_override="pending")
    names = lambda **params: [row["name"] for row in api.get("/recordings", params).json()["data"]]  # noqa: E731
    assert names(status="completed") == [done.name]
    assert names(status="failed") == [failed.name]
    assert names(status="pending") == [waiting.name]
    assert names(project_id=other_project.id) == [waiting.name]
    assert api.get("/recordings", {"status": "done"}).status_code == 422


def test_completed_items_carry_speakers_and_goal_achievement(api, project):
    make_recording(project)
    make_recording(project, status_override="processing")
    rows = {row["status"]: row for row in api.get("/recordings").json()["data"]}
    assert rows["completed"]["speakers"] and 0 <= rows["completed"]["goal_achievement"] <= 100
    assert rows["processing"]["speakers"] == [] and rows["processing"]["goal_achievement"] is None
    assert ISO.match(rows["completed"]["created_at"]) and ISO.match(rows["completed"]["updated_at"])


def test_upload_answers_201_pending_with_the_detail_form(api, project):
    response = api.upload(
        project_id=project.id, name="Inbound call", language="de", external_id="crm-1"
    )
    assert response.status_code == 201
    data = response.json()["data"]
    assert set(data) == DETAIL_FIELDS
    assert data["status"] == "pending"
    assert (data["name"], data["language"], data["project_id"], data["external_id"]) == (
        "Inbound call",
        "de",
        project.id,
        "crm-1",
    )
    assert data["duration_ms"] >= 10_000 and data["audio_attached"] is True
    assert Recording.objects.get(pk=data["id"]).file_name == "call.mp3"


def test_public_id_is_a_uuid7(api, project):
    data = api.upload(project_id=project.id).json()["data"]
    value = uuid.UUID(data["public_id"])
    assert str(value) == data["public_id"]  # lower-case 8-4-4-4-12
    assert value.version == 7
    assert value.variant == uuid.RFC_4122
    assert data["public_id"][14] == "7" and data["public_id"][19] in "89ab"


def test_upload_without_a_file_is_400(api, project):
    response = api.upload(file_name=None, project_id=project.id)
    assert response.status_code == 400
    assert response.json() == {"error": "file is required"}


@pytest.mark.parametrize("file_name", ["notes.txt", "call", "call.mp4", "song.aiff"])
def test_upload_of_an_unsupported_type_is_422(api, project, file_name):
    response = api.upload(file_name=file_name, project_id=project.id)
    assert response.status_code == 422
    assert response.json() == {"error": "Invalid file type"}


@pytest.mark.parametrize("file_name", ["a.MP3", "b.Wav", "c.m4a", "d.ogg", "e.FLAC", "f.webm"])
def test_every_documented_extension_is_accepted_whatever_its_case(api, project, file_name):
    assert api.upload(file_name=file_name, project_id=project.id).status_code == 201


def test_upload_over_the_format_limit_is_422(api, project, monkeypatch):
    monkeypatch.setitem(recording_views.SIZE_LIMITS, ".mp3", 1000)
    monkeypatch.setitem(recording_views.SIZE_LIMITS, ".wav", 5000)
    too_big = api.upload(file_name="big.mp3", content=b"x" * 1001, project_id=project.id)
    assert (too_big.status_code, too_big.json()) == (422, {"error": "File too large"})
    # The limit is per format: the same size is fine as WAV.
    assert (
        api.upload(file_name="big.wav", content=b"x" * 1001, project_id=project.id).status_code
        == 201
    )


def test_size_limits_follow_the_docs():
    mb = 1024 * 1024
    assert recording_views.SIZE_LIMITS == {
        ".mp3": 100 * mb,
        ".m4a": 100 * mb,
        ".ogg": 100 * mb,
        ".webm": 100 * mb,
        ".wav": 500 * mb,
        ".flac": 500 * mb,
    }


def test_uploads_go_to_disk_and_are_deleted(api, project, tmp_path):
    with override_settings(FILE_UPLOAD_TEMP_DIR=str(tmp_path)):
        assert api.upload(project_id=project.id, content=b"ID3" * 10).status_code == 201
    assert list(tmp_path.iterdir()) == []


def test_account_wide_key_must_send_an_existing_project_id(api, project):
    missing = api.upload()
    assert (missing.status_code, missing.json()) == (422, {"errors": ["project_id is required"]})
    unknown = api.upload(project_id=99999)
    assert (unknown.status_code, unknown.json()) == (404, {"error": "Resource not found"})


def test_scoped_key_defaults_to_its_project_and_refuses_another(scoped_api, project, other_project):
    data = scoped_api.upload().json()["data"]
    assert data["project_id"] == project.id
    assert scoped_api.upload(project_id=project.id).status_code == 201
    mismatch = scoped_api.upload(project_id=other_project.id)
    assert mismatch.status_code == 403
    assert mismatch.json() == {"error": "project_id does not match the API key's project"}


def test_language_defaults_to_the_projects_then_is_validated(api, project, other_project):
    assert api.upload(project_id=other_project.id).json()["data"]["language"] == "lt"
    no_language = make_project(name="Plain", language=None)
    assert api.upload(project_id=no_language.id).json()["data"]["language"] == "en"
    bad = api.upload(project_id=project.id, language="english")
    assert bad.status_code == 422
    assert bad.json()["errors"][0].startswith("language ")


def test_repeating_project_and_external_id_returns_the_same_recording_with_200(api, project):
    first = api.upload(project_id=project.id, external_id="crm-call-abc-123", name="First")
    replay = api.upload(project_id=project.id, external_id="crm-call-abc-123", name="Second")
    assert (first.status_code, replay.status_code) == (201, 200)
    assert replay.json()["data"]["id"] == first.json()["data"]["id"]
    assert replay.json()["data"]["name"] == "First"
    assert Recording.objects.count() == 1


def test_the_same_external_id_in_another_project_is_a_new_recording(api, project, other_project):
    api.upload(project_id=project.id, external_id="x-1")
    assert api.upload(project_id=other_project.id, external_id="x-1").status_code == 201
    assert Recording.objects.count() == 2


def test_get_accepts_the_integer_id_or_the_public_id(api, project):
    recording = make_recording(project)
    by_id = api.get(f"/recordings/{recording.id}")
    by_uuid = api.get(f"/recordings/{recording.public_id}")
    assert by_id.status_code == by_uuid.status_code == 200
    assert by_id.json() == by_uuid.json()
    data = by_id.json()["data"]
    assert set(data) == DETAIL_FIELDS
    assert data["dialogues_count"] > 0 and data["goals_evaluated"] is True
    for path in ("/recordings/999999", f"/recordings/{uuid.uuid4()}", "/recordings/not-an-id"):
        assert api.get(path).json() == {"error": "Resource not found"}


def test_patch_renames_with_display_name_and_answers_name(api, project):
    recording = make_recording(project)
    response = api.patch(f"/recordings/{recording.public_id}", {"display_name": "Renamed"})
    assert response.status_code == 200
    assert response.json()["data"]["name"] == "Renamed"
    blank = api.patch(f"/recordings/{recording.id}", {"display_name": "  "})
    assert blank.status_code == 422
    assert blank.json() == {"errors": ["display_name can't be blank"]}


def test_patch_moves_a_recording_for_account_wide_keys_only(
    api, scoped_api, project, other_project
):
    recording = make_recording(project)
    moved = api.patch(f"/recordings/{recording.id}", {"project_id": other_project.id})
    assert moved.json()["data"]["project_id"] == other_project.id
    back = make_recording(project, name="Stays")
    refused = scoped_api.patch(f"/recordings/{back.id}", {"project_id": other_project.id})
    assert refused.status_code == 403
    assert api.patch(f"/recordings/{recording.id}", {"project_id": 424242}).status_code == 404


def test_delete_answers_204_and_the_recording_is_gone(api, project):
    recording = make_recording(project)
    response = api.delete(f"/recordings/{recording.public_id}")
    assert response.status_code == 204
    assert response.content == b""
    assert api.get(f"/recordings/{recording.id}").status_code == 404
    assert api.delete(f"/recordings/{recording.id}").status_code == 404


def test_even_small_uploads_are_streamed_to_a_temporary_file(api, project, monkeypatch):
    from django.core.files.uploadhandler import TemporaryFileUploadHandler

    from apps.sandbox import auth

    seen = []

    class Recording(TemporaryFileUploadHandler):
        def new_file(self, *args, **kwargs):
            super().new_file(*args, **kwargs)
            seen.append(self.file)

    monkeypatch.setattr(auth, "TemporaryFileUploadHandler", Recording)
    assert api.upload(project_id=project.id, content=b"tiny").status_code == 201
    assert len(seen) == 1
    assert seen[0].closed  # closed, so deleted, before the response
