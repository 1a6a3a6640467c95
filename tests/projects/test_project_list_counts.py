"""The projects list renders at once; each row's counts come afterwards, one project per request.

IdentityCall docs gap: GET /projects sends the short form without counts; only GET /projects/:id
has them. The list asks IdentityCall once, a row still without counts loads them through htmx when
it scrolls into view (the project's own page shows them without JavaScript), and counts are kept
per API key and forgotten when the console changes projects.
"""

import re

import pytest

from tests.factories import OTHER_KEY, give_key
from tests.projects.conftest import project_json, short_json, url
from tests.projects.test_project_edit import as_posted

HTMX = {"HX-Request": "true"}
COUNTS = "?part=counts"


def many_projects(upstream, count=30):
    """Register a list of `count` projects (short form) and each one's full form."""
    upstream.get(url("/projects"), json={"data": [
        short_json(id=n, name=f"Project {n:02d}") for n in range(1, count + 1)]})
    for n in range(1, count + 1):
        upstream.get(url(f"/projects/{n}"), json={"data": project_json(
            id=n, name=f"Project {n:02d}", recordings_count=n * 10, virtual_numbers_count=n)})


def upstream_paths(upstream):
    return [call.request.url.removeprefix(url("")) for call in upstream.calls]


def cells(html, project_id):
    """Return the (recordings, numbers) cells' inner HTML of one row, whitespace collapsed."""
    found = [re.search(rf'<td [^>]*id="project-{project_id}-{kind}"[^>]*>(.*?)</td>', html, re.S)
             for kind in ("recordings", "numbers")]
    return tuple(re.sub(r"\s+", " ", match.group(1)).strip() if match else None
                 for match in found)


def test_the_list_asks_identitycall_once_however_many_projects_lack_counts(keyed, upstream):
    many_projects(upstream)

    response = keyed.get("/projects/")

    assert response.status_code == 200
    assert upstream_paths(upstream) == ["/projects"]


def test_a_row_without_counts_loads_them_when_it_comes_into_view(keyed, upstream):
    many_projects(upstream, count=2)

    html = keyed.get("/projects/").content.decode()

    loader = re.search(r'<td [^>]*id="project-2-recordings"[^>]*>', html).group(0)
    assert f'hx-get="/projects/2/{COUNTS}"' in loader
    assert 'hx-trigger="intersect once"' in loader and 'hx-swap="outerHTML"' in loader


def test_without_javascript_each_rows_counts_are_a_link_to_its_page(keyed, upstream):
    many_projects(upstream, count=2)

    html = keyed.get("/projects/").content.decode()

    recordings, _numbers = cells(html, 2)
    assert recordings.startswith('<a href="/projects/2/">Show')
    assert "the counts of Project 02" in recordings  # the link's name says whose counts


def test_the_counts_request_asks_for_one_project_and_answers_both_cells(keyed, upstream):
    many_projects(upstream, count=3)

    response = keyed.get(f"/projects/2/{COUNTS}", headers=HTMX)

    html = response.content.decode()
    assert response.status_code == 200
    assert upstream_paths(upstream) == ["/projects/2"]
    assert cells(html, 2) == ("20", "2")
    assert re.search(r'<td [^>]*id="project-2-numbers"[^>]*hx-swap-oob="true"', html)
    assert "<html" not in html
    assert "HX-Request" in response["Vary"]


def test_counts_once_loaded_are_kept_for_the_key_and_shown_with_the_list(keyed, upstream):
    many_projects(upstream, count=3)
    keyed.get(f"/projects/2/{COUNTS}", headers=HTMX)

    again = keyed.get(f"/projects/2/{COUNTS}", headers=HTMX).content.decode()
    listed = keyed.get("/projects/").content.decode()

    assert upstream_paths(upstream) == ["/projects/2", "/projects"]  # nothing asked twice
    assert cells(again, 2) == ("20", "2")
    assert cells(listed, 2) == ("20", "2")
    assert "hx-get" not in re.search(r'<td [^>]*id="project-2-recordings"[^>]*>', listed).group(0)
    assert f'hx-get="/projects/3/{COUNTS}"' in listed  # still unknown


def test_the_projects_page_keeps_the_counts_it_read_for_the_list(keyed, upstream):
    many_projects(upstream, count=3)

    keyed.get("/projects/3/")
    listed = keyed.get("/projects/").content.decode()

    assert cells(listed, 3) == ("30", "3")


def test_kept_counts_belong_to_one_api_key(keyed, upstream, user):
    many_projects(upstream, count=3)
    keyed.get(f"/projects/2/{COUNTS}", headers=HTMX)
    give_key(user, OTHER_KEY)

    listed = keyed.get("/projects/").content.decode()

    assert f'hx-get="/projects/2/{COUNTS}"' in listed


def test_editing_a_project_forgets_the_kept_counts(keyed, upstream):
    many_projects(upstream, count=3)
    keyed.get(f"/projects/2/{COUNTS}", headers=HTMX)
    upstream.patch(url("/projects/2"), json={"data": project_json(id=2, name="Renamed")})

    response = keyed.post("/projects/2/edit/", as_posted(name="Renamed"))
    assert response.status_code == 302
    listed = keyed.get("/projects/").content.decode()

    assert f'hx-get="/projects/2/{COUNTS}"' in listed


@pytest.mark.parametrize("status", [404, 429, 500])
def test_counts_identitycall_cannot_give_show_a_dash_and_are_asked_again_later(
    keyed, upstream, status
):
    upstream.get(url("/projects/7"), status=status, json={"error": "nope"})
    upstream.get(url("/projects/7"), json={"data": project_json(id=7, recordings_count=5,
                                                                  virtual_numbers_count=1)})

    failed = keyed.get(f"/projects/7/{COUNTS}", headers=HTMX)
    later = keyed.get(f"/projects/7/{COUNTS}", headers=HTMX)

    assert failed.status_code == 200
    assert cells(failed.content.decode(), 7) == ("—", "—")
    assert cells(later.content.decode(), 7) == ("5", "1")


def test_the_counts_address_without_htmx_is_the_projects_own_page(keyed, upstream):
    many_projects(upstream, count=2)

    response = keyed.get(f"/projects/2/{COUNTS}")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" in html and "Project 02" in html
    assert '<span class="counts__value">20</span>' in html


def test_counts_already_in_the_list_need_no_loader(keyed, upstream):
    upstream.get(url("/projects"), json={"data": [project_json()]})

    html = keyed.get("/projects/").content.decode()

    assert cells(html, 42) == ("1284", "3")
    assert "hx-get" not in html.split('id="project-rows"')[1]
