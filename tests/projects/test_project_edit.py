"""Editing a project sends only what changed, and keeps the input on every failure."""

import json

import pytest

from apps.frame.key_hints import CANNOT_WRITE
from tests.projects.conftest import project_json, url

HTMX = {"HX-Request": "true"}


def as_posted(**overrides):
    """Return the edit form as it arrives when nothing was changed; overrides change fields."""
    data = {
        "name": "Customer Support EN",
        "language": "en",
        "description": "Inbound support calls",
        "industry": "ecommerce",
        "goal_language": "en",
        "summary_language": "en",
        "long_pause_threshold_seconds": "5",
        "transcription_hints": "IdentityCall, KYC, SCA",
        "retention_days": "365",
        "quality_baseline_enabled": "on",
        "quality_baseline_pct": "75.0",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def project(upstream):
    upstream.get(url("/projects/42"), json={"data": project_json()})


def patched(upstream):
    """Return the JSON body of the one PATCH made."""
    patches = [call for call in upstream.calls if call.request.method == "PATCH"]
    assert len(patches) == 1
    return json.loads(patches[0].request.body)


def test_the_form_shows_the_current_values(keyed, project):
    response = keyed.get("/projects/42/edit/")

    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Customer Support EN"' in html
    assert 'value="365"' in html
    assert 'value="75.0"' in html
    assert "Inbound support calls" in html
    assert "Only the fields you change are sent." in html


def test_only_the_changed_fields_are_sent(keyed, upstream, project):
    upstream.patch(
        url("/projects/42"), json={"data": project_json(name="Support EN", retention_days=730)}
    )

    response = keyed.post("/projects/42/edit/", as_posted(name="Support EN", retention_days="730"))

    assert patched(upstream) == {"name": "Support EN", "retention_days": 730}
    assert response.status_code == 302
    assert response["Location"] == "/projects/42/"


def test_nothing_changed_sends_nothing(keyed, upstream, project):
    response = keyed.post("/projects/42/edit/", as_posted(), follow=True)

    assert [call.request.method for call in upstream.calls] == ["GET", "GET"]  # edit, then detail
    assert "Nothing to save: no field was changed." in response.content.decode()


def test_ticking_no_automatic_deletion_sends_null(keyed, upstream, project):
    upstream.patch(url("/projects/42"), json={"data": project_json(retention_days=None)})

    keyed.post("/projects/42/edit/", as_posted(no_retention="on"))

    assert patched(upstream) == {"retention_days": None}


def test_emptied_text_fields_and_baseline_off_are_sent_as_such(keyed, upstream, project):
    upstream.patch(url("/projects/42"), json={"data": project_json()})

    keyed.post(
        "/projects/42/edit/",
        as_posted(
            description="",
            transcription_hints="",
            long_pause_threshold_seconds="",
            quality_baseline_enabled=None,
            quality_baseline_pct="",
        ),
    )

    assert patched(upstream) == {
        "description": None,
        "transcription_hints": None,
        "long_pause_threshold_seconds": None,
        "quality_baseline_enabled": False,
        "quality_baseline_pct": None,
    }


def test_a_blank_goal_language_follows_a_changed_project_language(keyed, upstream, project):
    upstream.patch(url("/projects/42"), json={"data": project_json(language="de")})

    keyed.post(
        "/projects/42/edit/", as_posted(language="de", goal_language="", summary_language="en")
    )

    assert patched(upstream) == {"language": "de", "goal_language": "de"}


def test_htmx_success_answers_with_a_client_redirect(keyed, upstream, project):
    upstream.patch(url("/projects/42"), json={"data": project_json(name="Support EN")})

    response = keyed.post("/projects/42/edit/", as_posted(name="Support EN"), headers=HTMX)

    assert response["HX-Redirect"] == "/projects/42/"


def test_identitycall_422_lands_on_the_field_and_keeps_the_input(keyed, upstream, project):
    upstream.patch(
        url("/projects/42"),
        status=422,
        json={"errors": ["long_pause_threshold_seconds must be between 1 and 600"]},
    )

    response = keyed.post(
        "/projects/42/edit/", as_posted(long_pause_threshold_seconds="900"), headers=HTMX
    )

    html = response.content.decode()
    assert response.status_code == 422
    assert response.context["form"].errors["long_pause_threshold_seconds"] == [
        "Long-pause threshold (seconds) must be between 1 and 600"
    ]
    assert 'value="900"' in html
    assert html.lstrip().startswith('<form id="project-form"')


def test_a_read_only_key_keeps_the_input_and_says_so(keyed, upstream, project):
    upstream.patch(url("/projects/42"), status=403, json={"error": "Write permission required"})

    response = keyed.post("/projects/42/edit/", as_posted(name="Renamed"))

    html = response.content.decode()
    assert response.status_code == 403
    assert "Your API key is read-only" in html
    assert 'value="Renamed"' in html
    assert keyed.session[CANNOT_WRITE] is True


def test_a_project_that_is_gone_shows_not_found(keyed, upstream):
    upstream.get(url("/projects/42"), status=404, json={"error": "Resource not found"})

    response = keyed.get("/projects/42/edit/")

    assert response.status_code == 404
    assert "Project not found" in response.content.decode()


def test_a_project_deleted_while_editing_shows_not_found(keyed, upstream, project):
    upstream.patch(url("/projects/42"), status=404, json={"error": "Resource not found"})

    response = keyed.post("/projects/42/edit/", as_posted(name="Renamed"))

    assert response.status_code == 404
    assert "your API key cannot see it" in response.content.decode()


def test_once_known_read_only_the_edit_page_explains_instead(keyed, project):
    session = keyed.session
    session[CANNOT_WRITE] = True
    session.save()

    html = keyed.get("/projects/42/edit/").content.decode()

    assert "Your API key is read-only" in html
    assert 'id="project-form"' not in html
