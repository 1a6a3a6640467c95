"""Projects: short list sorted by name, full form with counts, validation, cascade."""

import pytest

from apps.sandbox.models import Project, Recording, VirtualNumber
from tests.sandbox.builders import make_number, make_project, make_recording

pytestmark = pytest.mark.django_db

SHORT = {"id", "name", "language", "industry", "created_at", "updated_at"}
FULL = SHORT | {
    "description",
    "goal_language",
    "summary_language",
    "long_pause_threshold_seconds",
    "transcription_hints",
    "retention_days",
    "quality_baseline_enabled",
    "quality_baseline_pct",
    "recordings_count",
    "virtual_numbers_count",
}


def test_list_is_the_short_form_sorted_by_name_without_meta(api):
    for name in ("Zeta", "Alpha", "Mid"):
        make_project(name=name)
    body = api.get("/projects").json()
    assert set(body) == {"data"}
    assert [row["name"] for row in body["data"]] == ["Alpha", "Mid", "Zeta"]
    assert set(body["data"][0]) == SHORT


def test_create_answers_201_with_the_full_form(api):
    response = api.post(
        "/projects",
        {
            "name": "Customer Support EN",
            "language": "en",
            "quality_baseline_pct": 75,
            "industry": "ecommerce",
        },
    )
    assert response.status_code == 201
    data = response.json()["data"]
    assert set(data) == FULL
    assert data["goal_language"] == data["summary_language"] == "en"
    assert (data["recordings_count"], data["virtual_numbers_count"]) == (0, 0)
    assert data["quality_baseline_pct"] == 75.0


def test_create_validation_errors_start_with_the_field_name(api):
    response = api.post(
        "/projects",
        {
            "quality_baseline_pct": 120,
            "retention_days": "forever",
            "quality_baseline_enabled": "yes",
            "goal_language": "klingon",
        },
    )
    assert response.status_code == 422
    assert response.json() == {
        "errors": [
            "name is required",
            "language is required",
            "goal_language must be a two-letter ISO 639-1 language code",
            "retention_days must be an integer",
            "quality_baseline_enabled must be true or false",
            "quality_baseline_pct must be between 0 and 100",
        ]
    }


def test_names_are_unique_ignoring_case(api):
    make_project(name="Claims DE")
    response = api.post("/projects", {"name": "claims de", "language": "de"})
    assert response.json() == {"errors": ["name has already been taken"]}


def test_bad_json_is_400(api, client):
    response = client.post(
        "/sandbox/api/v1/public/projects",
        "{not json",
        content_type="application/json",
        headers={"Authorization": f"Bearer {api.key}"},
    )
    assert response.status_code == 400
    assert "error" in response.json()


def test_get_returns_the_full_form_with_counts(api, project):
    make_recording(project)
    make_recording(project, name="Two")
    make_number(project=project)
    data = api.get(f"/projects/{project.id}").json()["data"]
    assert set(data) == FULL
    assert (data["recordings_count"], data["virtual_numbers_count"]) == (2, 1)
    assert api.get("/projects/424242").status_code == 404


def test_patch_changes_only_the_fields_sent(api, project):
    response = api.patch(
        f"/projects/{project.id}",
        {"retention_days": 730, "quality_baseline_enabled": True, "quality_baseline_pct": 80},
    )
    assert response.status_code == 200
    data = response.json()["data"]
    assert (
        data["retention_days"],
        data["quality_baseline_enabled"],
        data["quality_baseline_pct"],
    ) == (
        730,
        True,
        80.0,
    )
    assert data["name"] == project.name
    cleared = api.patch(f"/projects/{project.id}", {"retention_days": None}).json()["data"]
    assert cleared["retention_days"] is None
    blank = api.patch(f"/projects/{project.id}", {"name": ""})
    assert blank.json() == {"errors": ["name can't be blank"]}


def test_delete_answers_204_and_cascades(api, project):
    make_recording(project)
    make_number(project=project)
    response = api.delete(f"/projects/{project.id}")
    assert (response.status_code, response.content) == (204, b"")
    assert not Project.objects.exists()
    assert not Recording.objects.exists() and not VirtualNumber.objects.exists()
    assert api.delete(f"/projects/{project.id}").status_code == 404


def test_scoped_key_lists_and_updates_only_its_project(scoped_api, project, other_project):
    assert [row["id"] for row in scoped_api.get("/projects").json()["data"]] == [project.id]
    assert scoped_api.patch(f"/projects/{project.id}", {"industry": "retail"}).status_code == 200
