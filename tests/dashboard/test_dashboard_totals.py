"""The overview counts what IdentityCall holds, also when a list was cut short after its pages."""

from apps.identitycall.resources import Listing, total_of
from tests.factories import BASE

COUNTS = "/overview/counts/"  # the overview's counts block


def test_total_of_prefers_identitycalls_total_over_what_was_read():
    assert total_of(Listing(["a", "b"], complete=False, total_count=1234)) == 1234
    assert total_of(["a", "b", "c"]) == 3


def test_the_overview_shows_identitycalls_project_total_for_a_list_cut_short(keyed, upstream):
    # 60 pages of 20 projects: the console reads 50 of them and says there are 1,200.
    for page in range(1, 61):
        items = [{"id": page * 100 + n, "name": f"P{page}-{n}"} for n in range(20)]
        meta = {"current_page": page, "total_pages": 60, "total_count": 1200, "per_page": 20}
        upstream.get(
            f"{BASE}/projects",
            json={"data": items, "meta": meta},
            match=[_page(page)],
        )
    upstream.get(f"{BASE}/operators", json={"data": []})
    upstream.get(f"{BASE}/virtual_numbers", json={"data": []})
    empty = {"data": [], "meta": {"current_page": 1, "total_pages": 1, "total_count": 0}}
    upstream.get(f"{BASE}/recordings", json=empty)

    page = keyed.get(COUNTS)

    assert page.status_code == 200
    assert "1,200" in page.text or "1200" in page.text
    paged = [call.request.url for call in upstream.calls if "/projects" in call.request.url]
    assert len(paged) == 50  # followed to the console's bound, never past it


def _page(number):
    from responses.matchers import query_param_matcher

    if number == 1:
        return query_param_matcher({})  # the documented bare request comes first
    return query_param_matcher({"page": str(number)}, strict_match=False)
