"""Projects: the five operations' requests and the parsing of both representations."""

from datetime import UTC, datetime

import pytest

from apps.identitycall.errors import NotFoundError, PermissionDeniedError, ValidationError
from apps.identitycall.resources import Project


def test_list_projects_sends_a_bare_get_and_parses_the_short_form(client, api, key, make):
    api.reply("GET", "/projects", data=[make.project(), make.project(id=43, name="Sales LT",
                                                                    language="lt")])

    projects = client.list_projects()

    assert api.last.method == "GET"
    assert api.path() == "/projects"
    assert api.query() == {}
    assert api.last.headers["Authorization"] == f"Bearer {key}"
    assert [(project.id, project.name, project.language) for project in projects] == [
        (42, "Customer Support EN", "en"),
        (43, "Sales LT", "lt"),
    ]
    assert projects[0].industry is None
    assert projects[0].retention_days is None  # full-form fields are simply absent


def test_list_projects_still_reads_the_items_when_meta_appears(client, api, make):
    meta = {"current_page": 1, "total_pages": 1, "total_count": 1, "per_page": 20}
    api.reply("GET", "/projects", json={"data": [make.project()], "meta": meta})

    assert [project.id for project in client.list_projects()] == [42]


def test_create_project_posts_exactly_the_given_fields_as_json(client, api, make):
    created = make.project(recordings_count=0, virtual_numbers_count=0)
    api.reply("POST", "/projects", status=201, data=created)

    project = client.create_project(name="Customer Support EN", language="en",
                                    retention_days=None, quality_baseline_pct=75.0)

    assert api.last.method == "POST"
    assert api.last.headers["Content-Type"] == "application/json"
    assert api.json() == {"name": "Customer Support EN", "language": "en",
                          "retention_days": None, "quality_baseline_pct": 75.0}
    assert (project.id, project.recordings_count, project.virtual_numbers_count) == (42, 0, 0)
    assert project.description is None


def test_create_project_with_a_project_scoped_key_raises_permission_denied(client, api):
    message = "Project-scoped API keys cannot create or destroy projects"
    api.reply("POST", "/projects", status=403, json={"error": message})

    with pytest.raises(PermissionDeniedError) as caught:
        client.create_project(name="X", language="en")

    assert caught.value.message == message
    assert caught.value.status == 403


def test_create_project_with_missing_fields_raises_validation_error_with_each_problem(client, api):
    api.reply("POST", "/projects", status=422,
              json={"errors": ["Name can't be blank", "Language is required"]})

    with pytest.raises(ValidationError) as caught:
        client.create_project()

    assert caught.value.errors == ["Name can't be blank", "Language is required"]


def test_get_project_parses_the_full_form(client, api, make):
    api.reply("GET", "/projects/42", data=make.project_full(owner={"id": 1}))

    project = client.get_project(42)

    assert api.last.method == "GET"
    assert project == Project(
        id=42,
        name="Customer Support EN",
        language="en",
        industry=None,
        created_at=datetime(2026, 4, 15, 10, 0, tzinfo=UTC),
        updated_at=datetime(2026, 4, 15, 10, 0, tzinfo=UTC),
        description="Inbound support line",
        goal_language="en",
        summary_language="en",
        long_pause_threshold_seconds=5,
        transcription_hints="IdentityCall, KYC, SCA",
        retention_days=365,
        quality_baseline_enabled=True,
        quality_baseline_pct=75.0,
        recordings_count=1284,
        virtual_numbers_count=3,
    )


def test_get_project_outside_the_keys_scope_raises_not_found(client, api):
    api.reply("GET", "/projects/7", status=404, json={"error": "Resource not found"})

    with pytest.raises(NotFoundError):
        client.get_project(7)


def test_update_project_sends_only_the_given_fields_with_none_as_null(client, api, make):
    api.reply("PATCH", "/projects/42", data=make.project_full(retention_days=None,
                                                              quality_baseline_pct=80.0))

    project = client.update_project(42, retention_days=None, quality_baseline_pct=80)

    assert api.last.method == "PATCH"
    assert api.last.headers["Content-Type"] == "application/json"
    assert api.json() == {"retention_days": None, "quality_baseline_pct": 80}
    assert project.retention_days is None
    assert project.quality_baseline_pct == 80.0


def test_delete_project_accepts_an_empty_204(client, api):
    api.reply("DELETE", "/projects/42", status=204, body="")

    assert client.delete_project(42) is None
    assert api.last.method == "DELETE"
    assert api.path() == "/projects/42"


def test_project_from_a_sparse_payload_leaves_the_rest_empty():
    project = Project.from_api({"id": 5, "quality_baseline_pct": "n/a", "retention_days": None})

    assert project.id == 5
    assert project.name is None
    assert project.quality_baseline_pct is None
    assert project.quality_baseline_enabled is None
