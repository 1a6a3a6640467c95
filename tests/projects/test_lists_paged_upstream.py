"""Lists IdentityCall pages: every item shown when the pages run out, a note when cut short.

IdentityCall docs conflict: the projects, operators and numbers lists are documented without
paging, the API overview says lists page (20 by default, `meta`); the console follows the pages
(apps/identitycall/client.py, at most MAX_LIST_PAGES) and says so when it stops early.
"""

import json
import math
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from apps.identitycall import client as client_module
from tests.factories import BASE
from tests.operators.conftest import operator_json

# API path → one list item numbered n.
ITEMS = {
    "/projects": lambda n: {"id": n, "name": f"Project {n:03d}", "language": "en"},
    "/operators": lambda n: {"id": n, "name": f"Operator {n:03d}",
                             "phone_number": f"+1415555{n:04d}", "active": True},
    "/virtual_numbers": lambda n: {"id": n, "phone_number": f"+1201555{n:04d}",
                                   "name": f"Line {n:03d}", "country_code": "US"},
    "/virtual_numbers/available": lambda n: {"phone_number": f"+1415666{n:04d}",
                                             "country_code": "US", "number_type": "mobile",
                                             "upfront_cost": "1.00", "monthly_cost": "1.00"},
}
# Screen → (console path, the API list it shows, how each item appears on the page).
SCREENS = {
    "projects": ("/projects/", "/projects", lambda n: f">Project {n:03d}</a>"),
    "operators": ("/operators/", "/operators", lambda n: f">Operator {n:03d}</a>"),
    "numbers": ("/numbers/", "/virtual_numbers", lambda n: f"<td data-label=\"Name\">Line {n:03d}"),
    "available numbers": ("/numbers/available/?country=US&number_type=mobile",
                          "/virtual_numbers/available", lambda n: f"+1415666{n:04d}"),
}


def serve_pages(upstream, total):
    """Answer every list with `total` items, 20 a page with meta; an operator's own page too."""

    def answer(request):
        parts = urlsplit(request.url)
        path = parts.path.removeprefix(urlsplit(BASE).path)
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        if path == "/operators/22":
            body = {"data": operator_json(virtual_numbers=[])}
        elif path in ITEMS:
            page, per_page = int(query.get("page", 1)), int(query.get("per_page", 20))
            numbers = range((page - 1) * per_page + 1, min(total, page * per_page) + 1)
            body = {"data": [ITEMS[path](n) for n in numbers], "meta": {
                "current_page": page, "total_pages": math.ceil(total / per_page),
                "total_count": total, "per_page": per_page}}
        else:
            return 404, {}, json.dumps({"error": "Resource not found"})
        return 200, {"Content-Type": "application/json"}, json.dumps(body)

    upstream.add_callback("GET", re.compile(re.escape(BASE) + r"/.*"), callback=answer)


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.mark.parametrize("screen", SCREENS)
def test_a_list_of_several_pages_shows_every_item_and_no_note(keyed, upstream, screen):
    path, api_path, shown = SCREENS[screen]
    serve_pages(upstream, total=45)

    response = keyed.get(path)

    page = response.content.decode()
    assert response.status_code == 200
    assert all(shown(n) in page for n in range(1, 46)), [n for n in range(1, 46)
                                                          if shown(n) not in page]
    assert "Only the first" not in page
    lists = [c for c in upstream.calls if urlsplit(c.request.url).path.endswith(api_path)]
    assert len(lists) == 3


@pytest.mark.parametrize("screen", SCREENS)
def test_a_list_cut_short_says_how_much_is_missing(keyed, upstream, monkeypatch, screen):
    monkeypatch.setattr(client_module, "MAX_LIST_PAGES", 2)
    path, _, shown = SCREENS[screen]
    serve_pages(upstream, total=100)

    response = keyed.get(path)

    page = text(response)
    assert shown(40) in page and shown(41) not in page
    assert re.search(r"Only the first 40 of 100 (projects|operators|numbers) are listed", page)


def test_the_attach_picker_on_an_operators_page_says_when_the_numbers_were_cut_short(
    keyed, upstream, monkeypatch
):
    monkeypatch.setattr(client_module, "MAX_LIST_PAGES", 2)
    serve_pages(upstream, total=100)

    page = text(keyed.get("/operators/22/"))

    assert "Line 040" in page and "Line 041" not in page
    assert re.search(r'id="id_number_id_helptext">Only the first 40 of 100 numbers', page)
    assert 'aria-describedby="id_number_id_helptext"' in page


def test_the_attach_picker_offers_every_number_of_a_paged_list(keyed, upstream):
    serve_pages(upstream, total=45)

    page = text(keyed.get("/operators/22/"))

    assert len(re.findall(r"<option value=\"\d", page)) == 45
    assert "Only the first" not in page
