"""The four unpaginated lists still read every item when IdentityCall pages them after all.

IdentityCall docs conflict: the API overview says every list pages its results (20 by default,
`meta`), the projects, operators and numbers pages say they take no parameters
(docs/api-decisions.md, "Lists and pagination": no `meta` → one array; stay correct if `meta`
appears).
"""

import json
import math
from urllib.parse import parse_qs, urlsplit

import pytest

from apps.identitycall import client as client_module
from apps.identitycall.errors import RateLimitError
from tests.identitycall.conftest import BASE_URL

# (client call, API path, one item of that list).
LISTS = {
    "projects": (lambda c: c.list_projects(), "/projects",
                 lambda n: {"id": n, "name": f"Project {n:03d}"}),
    "operators": (lambda c: c.list_operators(), "/operators",
                  lambda n: {"id": n, "name": f"Operator {n:03d}"}),
    "virtual numbers": (lambda c: c.list_virtual_numbers(), "/virtual_numbers",
                        lambda n: {"id": n, "phone_number": f"+1555{n:07d}"}),
    "available numbers": (
        lambda c: c.search_available_numbers(country="GB", number_type="local"),
        "/virtual_numbers/available",
        lambda n: {"phone_number": f"+4420{n:08d}", "country_code": "GB"},
    ),
}


def paging_server(api, path, item, total, *, default_per_page=20, meta=lambda m: m,
                  ignores_page=False):
    """Serve `total` items at `path` page by page, as the API overview describes; return the
    query strings received."""
    received = []

    def answer(request):
        query = {k: v[-1] for k, v in parse_qs(urlsplit(request.url).query).items()}
        received.append(query)
        per_page = int(query.get("per_page", default_per_page))
        page = 1 if ignores_page else int(query.get("page", 1))
        items = [item(n) for n in range(1, total + 1)][(page - 1) * per_page : page * per_page]
        body = {"data": items, "meta": meta({
            "current_page": page, "total_pages": max(1, math.ceil(total / per_page)),
            "total_count": total, "per_page": per_page,
        })}
        return 200, {"Content-Type": "application/json"}, json.dumps(body)

    api.mock.add_callback("GET", BASE_URL + path, callback=answer)
    return received


def ids_of(listed):
    return [getattr(entry, "id", None) or entry.phone_number for entry in listed]


@pytest.mark.parametrize("name", LISTS)
def test_a_paged_list_is_followed_to_its_last_page(client, api, name):
    call, path, item = LISTS[name]
    received = paging_server(api, path, item, total=45)

    listed = call(client)

    assert len(listed) == 45
    assert len(set(ids_of(listed))) == 45
    assert listed.complete is True and listed.total_count == 45
    pages = [(q.get("page"), q.get("per_page")) for q in received]
    # The first call is the documented bare one; later pages keep the server's page size.
    assert pages == [(None, None), ("2", "20"), ("3", "20")]


def test_the_search_keeps_its_country_and_type_on_every_page(client, api):
    call, path, item = LISTS["available numbers"]
    received = paging_server(api, path, item, total=30)

    call(client)

    assert [(q["country"], q["number_type"]) for q in received] == [("GB", "local")] * 2


@pytest.mark.parametrize("name", LISTS)
def test_a_list_without_meta_is_one_array_read_with_one_call(client, api, name):
    call, path, item = LISTS[name]
    api.reply("GET", path, data=[item(1), item(2)])

    listed = call(client)

    assert len(listed) == 2 and len(api.requests) == 1
    assert listed.complete is True and listed.total_count == 2


def test_paging_stops_at_the_bound_and_says_the_list_was_cut_short(client, api, monkeypatch):
    monkeypatch.setattr(client_module, "MAX_LIST_PAGES", 3)
    call, path, item = LISTS["projects"]
    received = paging_server(api, path, item, total=200)

    listed = call(client)

    assert len(received) == 3
    assert len(listed) == 60
    assert listed.complete is False
    assert listed.total_count == 200  # what IdentityCall said there is


def test_the_bound_is_fifty_pages(client, api):
    call, path, item = LISTS["operators"]
    received = paging_server(api, path, item, total=5_000, default_per_page=2)

    listed = call(client)

    assert len(received) == 50 and len(listed) == 100 and listed.complete is False


def test_a_server_that_ignores_page_is_not_read_twice(client, api):
    call, path, item = LISTS["projects"]
    paging_server(api, path, item, total=45, ignores_page=True)

    listed = call(client)

    assert len(listed) == 20 and len(set(ids_of(listed))) == 20
    assert listed.complete is False


def test_without_per_page_in_meta_later_pages_keep_the_first_pages_size(client, api):
    call, path, item = LISTS["operators"]

    def no_per_page(meta):
        return {key: value for key, value in meta.items() if key != "per_page"}

    received = paging_server(api, path, item, total=25, meta=no_per_page)

    listed = call(client)

    assert len(listed) == 25
    assert [q.get("per_page") for q in received] == [None, "20"]


def test_a_failing_later_page_raises_like_the_first(client, api):
    call, path, item = LISTS["projects"]
    meta = {"current_page": 1, "total_pages": 2, "total_count": 25, "per_page": 20}
    api.reply("GET", path, json={"data": [item(n) for n in range(1, 21)], "meta": meta})
    api.reply("GET", path, status=429, json={"error": "Too many requests"},
              headers={"Retry-After": "9"})

    with pytest.raises(RateLimitError):
        call(client)


def test_a_paged_list_survives_the_per_key_cache(client, api):
    from django.core.cache import cache

    call, path, item = LISTS["projects"]
    paging_server(api, path, item, total=45)
    cache.set("paged", call(client))

    kept = cache.get("paged")

    assert len(kept) == 45 and kept.complete is True and kept.total_count == 45
