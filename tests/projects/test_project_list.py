"""The projects list: every project in IdentityCall's order, counts, the key's project, a filter."""

import re

import pytest

from apps.frame.key_hints import CANNOT_WRITE, FINGERPRINT, SCOPE
from tests.projects.conftest import project_json, short_json, url

HTMX = {"HX-Request": "true"}


def two_projects(upstream):
    """Register a list of two projects (short form) and their full forms (with counts)."""
    upstream.get(
        url("/projects"),
        json={
            "data": [
                short_json(),
                short_json(id=7, name="Vilnius sales", language="lt", industry=None),
            ]
        },
    )
    upstream.get(url("/projects/42"), json={"data": project_json()})
    upstream.get(
        url("/projects/7"),
        json={
            "data": project_json(
                id=7,
                name="Vilnius sales",
                language="lt",
                industry=None,
                recordings_count=12,
                virtual_numbers_count=0,
            )
        },
    )


def rows(html):
    """Return the visible rows' link texts, in page order."""
    return re.findall(
        r'<tr data-filter-text="[^"]*">\s*<td data-label="Name">\s*<a [^>]*>([^<]+)</a>', html
    )


def test_list_shows_each_project_with_language_industry_counts_and_created_time(keyed, upstream):
    two_projects(upstream)
    for project_id in (42, 7):  # each row's counts, as its htmx request loads them
        keyed.get(f"/projects/{project_id}/?part=counts", headers=HTMX)

    response = keyed.get("/projects/")

    html = response.content.decode()
    assert response.status_code == 200
    assert rows(html) == ["Customer Support EN", "Vilnius sales"]  # IdentityCall's order, by name
    assert "English (en)" in html and "Lithuanian (lt)" in html
    assert "ecommerce" in html
    assert '<td data-label="Recordings" class="num" id="project-42-recordings">1284</td>' in html
    assert '<td data-label="Numbers" class="num" id="project-42-numbers">3</td>' in html
    assert '<td data-label="Recordings" class="num" id="project-7-recordings">12</td>' in html
    assert '<time datetime="2026-01-05T09:00:00+00:00">5 Jan 2026</time>' in html
    assert 'href="/projects/new/"' in html


def test_counts_already_in_the_list_are_not_asked_for_again(keyed, upstream):
    upstream.get(url("/projects"), json={"data": [project_json()]})

    response = keyed.get("/projects/")

    assert [call.request.url for call in upstream.calls] == [url("/projects")]
    assert 'id="project-42-recordings">1284</td>' in response.content.decode()


def test_htmx_gets_only_the_list_partial(keyed, upstream):
    two_projects(upstream)

    response = keyed.get("/projects/", headers=HTMX)

    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="project-list">')
    assert "<html" not in html
    assert "HX-Request" in response["Vary"]


def test_the_text_filter_hides_other_rows_on_the_server_without_asking_again(keyed, upstream):
    two_projects(upstream)

    response = keyed.get("/projects/?q=LITHUANIAN sal")

    html = response.content.decode()
    assert rows(html) == ["Vilnius sales"]
    assert re.search(r'<tr data-filter-text="Customer Support EN[^"]*" hidden>', html)
    assert "Showing 1 of 2" in html
    assert 'value="LITHUANIAN sal"' in html
    # The list only: filtering asks IdentityCall nothing (counts load after the page).
    assert len(upstream.calls) == 1


def test_a_filter_matching_nothing_says_so(keyed, upstream):
    two_projects(upstream)

    html = keyed.get("/projects/?q=zzz").content.decode()

    assert rows(html) == []
    assert '<p class="filter__none" id="filter-none">No project matches the filter.</p>' in html


def test_no_projects_shows_the_empty_state_with_a_way_to_create_one(keyed, upstream):
    upstream.get(url("/projects"), json={"data": []})

    html = keyed.get("/projects/").content.decode()

    assert "No projects yet" in html
    assert "Create a project" in html


def test_the_key_project_is_marked_and_create_is_disabled_once_the_key_is_known_scoped(
    keyed, upstream
):
    session = keyed.session
    session[SCOPE] = None  # a 403 said "project-scoped", the project was not known yet
    session.save()
    upstream.get(url("/projects"), json={"data": [project_json()]})

    response = keyed.get("/projects/")

    html = response.content.decode()
    assert "Your key’s project" in html
    assert (
        '<button type="button" class="btn btn--primary" disabled '
        'aria-describedby="create-refusal">New project</button>' in html
    )
    assert "limited to one project, so it cannot create or delete projects" in html
    assert 'href="/projects/new/"' not in html
    assert keyed.session[SCOPE] == 42


def test_one_visible_project_alone_does_not_make_the_key_scoped(keyed, upstream):
    upstream.get(url("/projects"), json={"data": [project_json()]})

    html = keyed.get("/projects/").content.decode()

    assert "Your key’s project" not in html
    assert 'href="/projects/new/"' in html
    assert SCOPE not in keyed.session


def test_a_read_only_key_is_not_offered_create(keyed, upstream):
    session = keyed.session
    session[CANNOT_WRITE] = True
    session.save()
    upstream.get(url("/projects"), json={"data": [project_json()]})

    html = keyed.get("/projects/").content.decode()

    assert "Your API key is read-only" in html
    assert 'href="/projects/new/"' not in html


def test_hints_learnt_with_a_previous_key_are_forgotten(keyed, upstream):
    session = keyed.session
    session[CANNOT_WRITE] = True
    session[FINGERPRINT] = "from-an-old-key"
    session.save()
    upstream.get(url("/projects"), json={"data": [project_json()]})

    html = keyed.get("/projects/").content.decode()

    assert 'href="/projects/new/"' in html
    assert CANNOT_WRITE not in keyed.session


@pytest.mark.parametrize(
    ("status", "body", "page_status", "sentence"),
    [
        (401, {"error": "Invalid or expired API key"}, 401, "IdentityCall rejected your API key."),
        (
            403,
            {"error": "Read permission required"},
            403,
            "Your API key does not have read permission.",
        ),
        (500, {"error": "boom"}, 502, "IdentityCall is unreachable right now."),
    ],
)
def test_a_failing_list_becomes_a_plain_page(keyed, upstream, status, body, page_status, sentence):
    upstream.get(url("/projects"), status=status, json=body)

    response = keyed.get("/projects/")

    assert response.status_code == page_status
    assert sentence in response.content.decode()


def test_upstream_text_is_escaped(keyed, upstream):
    upstream.get(url("/projects"), json={"data": [project_json(name="<script>alert(1)</script>")]})

    html = keyed.get("/projects/").content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_hint_learnt_from_a_refusal_is_forgotten_once_the_key_is_replaced(
    keyed, upstream, user
):
    from tests.factories import OTHER_KEY, give_key
    from tests.projects.test_project_create import filled

    upstream.get(url("/projects"), json={"data": [project_json()]})
    upstream.post(url("/projects"), status=403, json={"error": "Write permission required"})
    keyed.post("/projects/new/", filled())  # the hint is noted with the key it was learnt from
    assert keyed.session[CANNOT_WRITE] is True
    give_key(user, OTHER_KEY)

    html = keyed.get("/projects/").content.decode()

    assert 'href="/projects/new/"' in html
    assert CANNOT_WRITE not in keyed.session
