"""Keys, permissions and scope, enforced as the API's authentication page says."""

import pytest

from apps.sandbox.seed import create_key
from tests.sandbox.builders import Api, make_number, make_operator, make_recording

pytestmark = pytest.mark.django_db

UNAUTHORIZED = {"error": "Invalid or expired API key"}


@pytest.mark.parametrize(
    "header",
    [
        None,
        "Bearer",
        "Bearer not-a-key",
        "Bearer idc_short",
        "Token idc_" + "a" * 32,
        "Bearer idc_" + "a" * 32,  # well-formed but unknown
    ],
)
def test_missing_malformed_or_unknown_keys_get_401(client, header):
    headers = {"Authorization": header} if header else {}
    response = client.get("/sandbox/api/v1/public/projects", headers=headers)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert response.json() == UNAUTHORIZED


def test_revoked_and_expired_keys_get_401(client):
    for key in (create_key(revoked=True), create_key(expired=True)):
        assert Api(client, key).get("/projects").json() == UNAUTHORIZED


def test_key_without_read_gets_403_on_reads(api_with, project):
    blind = api_with(read=False)
    for path in (
        "/projects",
        "/recordings",
        "/operators",
        "/virtual_numbers",
        "/virtual_numbers/available",
    ):
        response = blind.get(path)
        assert response.status_code == 403
        assert response.json() == {"error": "Read permission required"}


def test_read_only_key_cannot_write(api_with, project):
    reader = api_with(write=False, delete=False)
    recording = make_recording(project)
    operator = make_operator()
    number = make_number()
    attempts = [
        reader.post("/projects", {"name": "X", "language": "en"}),
        reader.patch(f"/projects/{project.id}", {"name": "Y"}),
        reader.upload(project_id=project.id),
        reader.patch(f"/recordings/{recording.id}", {"display_name": "Z"}),
        reader.post("/operators", {"name": "A B", "phone_number": "+14155550132"}),
        reader.patch(f"/operators/{operator.id}", {"name": "A B"}),
        reader.delete(f"/operators/{operator.id}"),
        reader.post("/virtual_numbers/purchase", {"phone_number": "+14155550142"}),
        reader.patch(f"/virtual_numbers/{number.id}", {"name": "N"}),
        reader.post(f"/virtual_numbers/{number.id}/add_operator", {"operator_id": operator.id}),
        reader.delete(f"/virtual_numbers/{number.id}/remove_operator?operator_id={operator.id}"),
    ]
    for response in attempts:
        assert response.status_code == 403
        assert response.json() == {"error": "Write permission required"}
    assert reader.get("/projects").status_code == 200


def test_key_without_delete_cannot_delete_recordings_or_projects(api_with, project):
    writer = api_with(delete=False)
    recording = make_recording(project)
    for path in (f"/recordings/{recording.id}", f"/projects/{project.id}"):
        response = writer.delete(path)
        assert response.status_code == 403
        assert response.json() == {"error": "Delete permission required"}


def test_operator_delete_needs_write_not_delete(api_with):
    operator = make_operator()
    response = api_with(delete=False).delete(f"/operators/{operator.id}")
    assert response.status_code == 200
    assert response.json() == {"success": True}


def test_delete_only_key_cannot_delete_operators(api_with):
    operator = make_operator()
    response = api_with(read=False, write=False, delete=True).delete(f"/operators/{operator.id}")
    assert response.json() == {"error": "Write permission required"}


def test_scoped_key_sees_only_its_project(scoped_api, project, other_project):
    inside = make_recording(project, name="Inside")
    outside = make_recording(other_project, name="Outside")
    assert [row["id"] for row in scoped_api.get("/recordings").json()["data"]] == [inside.id]
    assert [row["id"] for row in scoped_api.get("/projects").json()["data"]] == [project.id]
    for path in (
        f"/recordings/{outside.id}",
        f"/recordings/{outside.public_id}",
        f"/recordings/{outside.id}/transcription",
        f"/projects/{other_project.id}",
    ):
        response = scoped_api.get(path)
        assert response.status_code == 404
        assert response.json() == {"error": "Resource not found"}
    assert scoped_api.patch(f"/projects/{other_project.id}", {"name": "Mine"}).status_code == 404
    assert scoped_api.get(f"/projects/{project.id}").status_code == 200


def test_scoped_key_cannot_create_or_destroy_projects(scoped_api, project):
    message = {"error": "Project-scoped API keys cannot create or destroy projects"}
    created = scoped_api.post("/projects", {"name": "New", "language": "en"})
    assert (created.status_code, created.json()) == (403, message)
    deleted = scoped_api.delete(f"/projects/{project.id}")
    assert (deleted.status_code, deleted.json()) == (403, message)


def test_scoped_key_gets_404_for_numbers_and_operators_outside_its_project(
    scoped_api, project, other_project
):
    stranger = make_operator(name="Out Sider", phone="+14155550111", projects=[other_project])
    number = make_number(project=other_project, operators=[stranger])
    assert scoped_api.get(f"/operators/{stranger.id}").status_code == 404
    assert scoped_api.patch(f"/operators/{stranger.id}", {"name": "X Y"}).status_code == 404
    assert scoped_api.delete(f"/operators/{stranger.id}").status_code == 404
    assert scoped_api.get(f"/virtual_numbers/{number.id}").status_code == 404
    assert scoped_api.patch(f"/virtual_numbers/{number.id}", {"name": "X"}).status_code == 404
    assert (
        scoped_api.post(
            f"/virtual_numbers/{number.id}/add_operator", {"operator_id": stranger.id}
        ).status_code
        == 404
    )
    assert (
        scoped_api.delete(
            f"/virtual_numbers/{number.id}/remove_operator?operator_id={stranger.id}"
        ).status_code
        == 404
    )
    assert scoped_api.get("/operators").json()["data"] == []
    assert scoped_api.get("/virtual_numbers").json()["data"] == []


def test_scoped_key_may_search_available_numbers(scoped_api):
    assert scoped_api.get("/virtual_numbers/available").status_code == 200
