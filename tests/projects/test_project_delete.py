"""Deleting a project: the cascade spelled out, the name typed, refusals explained."""

import pytest

from apps.frame.key_hints import CANNOT_DELETE, SCOPE
from tests import transport_faults
from tests.projects.conftest import project_json, url

HTMX = {"HX-Request": "true"}


@pytest.fixture
def project(upstream):
    upstream.get(url("/projects/42"), json={"data": project_json()})


def deletes(upstream):
    return [call for call in upstream.calls if call.request.method == "DELETE"]


def test_the_confirmation_states_the_cascade_and_asks_for_the_name(keyed, project):
    response = keyed.get("/projects/42/delete/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "1284 recordings" in html and "and their analysis" in html
    assert "3 virtual numbers" in html
    assert "type the project’s name" in html
    assert 'name="confirm_name"' in html


def test_a_wrong_name_sends_nothing(keyed, upstream, project):
    response = keyed.post("/projects/42/delete/", {"confirm_name": "customer support en"})

    assert response.status_code == 422
    assert deletes(upstream) == []
    assert "That is not the project’s name" in response.content.decode()


def test_the_exact_name_deletes_and_returns_to_the_list(keyed, upstream, project):
    upstream.delete(url("/projects/42"), status=204)

    response = keyed.post("/projects/42/delete/", {"confirm_name": "Customer Support EN"})

    assert len(deletes(upstream)) == 1
    assert response.status_code == 302
    assert response["Location"] == "/projects/"
    upstream.get(url("/projects"), json={"data": []})
    assert "Project “Customer Support EN” deleted" in keyed.get("/projects/").content.decode()


def test_htmx_delete_answers_with_a_client_redirect(keyed, upstream, project):
    upstream.delete(url("/projects/42"), status=204)

    response = keyed.post(
        "/projects/42/delete/", {"confirm_name": "Customer Support EN"}, headers=HTMX
    )

    assert response["HX-Redirect"] == "/projects/"


def test_htmx_wrong_name_answers_the_partial(keyed, project):
    response = keyed.post("/projects/42/delete/", {"confirm_name": "nope"}, headers=HTMX)

    html = response.content.decode()
    assert response.status_code == 422
    assert html.lstrip().startswith('<section id="delete-form"')


def test_a_project_scoped_key_is_refused_clearly_and_remembered(keyed, upstream, project):
    upstream.delete(
        url("/projects/42"),
        status=403,
        json={"error": "Project-scoped API keys cannot create or destroy projects"},
    )

    response = keyed.post("/projects/42/delete/", {"confirm_name": "Customer Support EN"})

    assert response.status_code == 403
    assert (
        "limited to one project, so it cannot create or delete projects"
        in response.content.decode()
    )
    assert keyed.session[SCOPE] == 42


def test_once_known_scoped_delete_is_not_offered_and_nothing_is_sent(keyed, upstream, project):
    session = keyed.session
    session[SCOPE] = 42
    session.save()

    page = keyed.get("/projects/42/delete/").content.decode()
    response = keyed.post("/projects/42/delete/", {"confirm_name": "Customer Support EN"})

    assert 'name="confirm_name"' not in page and "limited to one project" in page
    assert response.status_code == 403
    assert deletes(upstream) == []


def test_a_key_without_delete_permission_is_told(keyed, upstream, project):
    upstream.delete(url("/projects/42"), status=403, json={"error": "Delete permission required"})

    response = keyed.post("/projects/42/delete/", {"confirm_name": "Customer Support EN"})

    assert response.status_code == 403
    assert "does not have delete permission" in response.content.decode()
    assert keyed.session[CANNOT_DELETE] is True


def test_a_project_already_gone_says_so(keyed, upstream, project):
    upstream.delete(url("/projects/42"), status=404, json={"error": "Resource not found"})

    response = keyed.post(
        "/projects/42/delete/", {"confirm_name": "Customer Support EN"}, follow=False
    )

    assert response["Location"] == "/projects/"


def test_an_unreachable_upstream_keeps_the_typed_name(keyed, upstream, project):
    upstream.delete(url("/projects/42"), body=transport_faults.refused())

    response = keyed.post("/projects/42/delete/", {"confirm_name": "Customer Support EN"})

    html = response.content.decode()
    assert response.status_code == 502
    assert "IdentityCall is unreachable; nothing was changed." in html
    assert 'value="Customer Support EN"' in html
