"""A project's page: every field, its counts, links to its recordings and numbers."""

from apps.frame.key_hints import CANNOT_DELETE, CANNOT_WRITE, SCOPE
from tests.projects.conftest import project_json, url

HTMX = {"HX-Request": "true"}


def test_the_page_shows_every_field_and_the_counts(keyed, upstream):
    upstream.get(url("/projects/42"), json={"data": project_json(summary_language="de")})

    response = keyed.get("/projects/42/")

    html = response.content.decode()
    assert response.status_code == 200
    for text in (
        "Customer Support EN",
        "English (en)",
        "German (de)",
        "Inbound support calls",
        "ecommerce",
        "Silence over 5 seconds",
        "IdentityCall, KYC, SCA",
        "Recordings are deleted after 365 days",
        "On, at 75%",
        "1284",
        "5 Jan 2026",
    ):
        assert text in html, text
    assert 'href="/recordings/?project=42"' in html
    assert 'href="/numbers/"' in html
    assert 'href="/projects/42/edit/"' in html and 'href="/projects/42/delete/"' in html


def test_no_retention_and_defaults_read_plainly(keyed, upstream):
    upstream.get(
        url("/projects/42"),
        json={
            "data": project_json(
                retention_days=None,
                goal_language=None,
                quality_baseline_enabled=False,
                quality_baseline_pct=None,
            )
        },
    )

    html = keyed.get("/projects/42/").content.decode()

    assert "No automatic deletion" in html
    assert "(same as the project)" in html
    assert "Off" in html


def test_htmx_gets_only_the_project_card(keyed, upstream):
    upstream.get(url("/projects/42"), json={"data": project_json()})

    response = keyed.get("/projects/42/", headers=HTMX)

    html = response.content.decode()
    assert html.lstrip().startswith('<div id="project-card"')
    assert "<html" not in html


def test_an_unknown_project_is_a_plain_not_found_page(keyed, upstream):
    upstream.get(url("/projects/9"), status=404, json={"error": "Resource not found"})

    response = keyed.get("/projects/9/")

    html = response.content.decode()
    assert response.status_code == 404
    assert "Project not found" in html
    assert "It may have been deleted, or your API key cannot see it." in html
    assert 'href="/projects/"' in html


def test_htmx_not_found_becomes_an_alert(keyed, upstream):
    upstream.get(url("/projects/9"), status=404, json={"error": "Resource not found"})

    response = keyed.get("/projects/9/", headers=HTMX)

    assert response.status_code == 404
    assert response["HX-Retarget"] == "#alerts"
    assert "Project not found" in response.content.decode()


def test_a_read_only_key_is_not_offered_edit(keyed, upstream):
    session = keyed.session
    session[CANNOT_WRITE] = True
    session.save()
    upstream.get(url("/projects/42"), json={"data": project_json()})

    html = keyed.get("/projects/42/").content.decode()

    assert 'href="/projects/42/edit/"' not in html
    assert (
        '<button type="button" class="btn btn--secondary" disabled '
        'aria-describedby="edit-refusal">Edit</button>' in html
    )
    assert "so projects cannot be edited" in html


def test_a_project_scoped_key_is_not_offered_delete_and_its_project_is_marked(keyed, upstream):
    session = keyed.session
    session[SCOPE] = 42
    session.save()
    upstream.get(url("/projects/42"), json={"data": project_json()})

    html = keyed.get("/projects/42/").content.decode()

    assert 'href="/projects/42/delete/"' not in html
    assert "limited to this project, so it cannot delete projects" in html
    assert "Your key’s project" in html


def test_a_key_without_delete_permission_is_not_offered_delete(keyed, upstream):
    session = keyed.session
    session[CANNOT_DELETE] = True
    session.save()
    upstream.get(url("/projects/42"), json={"data": project_json()})

    html = keyed.get("/projects/42/").content.decode()

    assert 'href="/projects/42/delete/"' not in html
    assert "does not have delete permission" in html
