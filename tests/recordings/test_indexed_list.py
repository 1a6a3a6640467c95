"""The recordings list's search, date range and sort, answered from the console's index: the right
rows in the right order, only the user's own key's rows, a visible mark and the index's freshness;
IdentityCall's own list (with a sentence saying why) when the index is off, empty, or the query
string is wrong; the plain list untouched. Runs on SQLite (FTS5) and PostgreSQL."""

import re

import pytest
from django.test import Client

from apps.accounts.models import Membership
from apps.accounts.roles import set_role
from apps.index import budget
from apps.index.tasks import sync_indexes
from tests.factories import KEY, OTHER_KEY, give_key, make_user
from tests.insights.fake_api import Call, FakeApi

pytestmark = pytest.mark.django_db
LIST = "/recordings/"
MARK = "From the console's index"
NOT_APPLIED = "Your search was not applied:"


@pytest.fixture(autouse=True)
def _unmetered(monkeypatch):
    """A whole account syncs in one tick; the budget has tests of its own (tests/insights)."""
    monkeypatch.setattr(budget, "take", lambda fingerprint, count=1, now=None: 0.0)


@pytest.fixture
def api(upstream):
    return FakeApi(upstream)


def mine():
    return [
        Call(id=1, project_id=1, name="Billing call", external_id="crm-778",
             created_at="2026-11-02T10:00:00Z", duration_ms=300_000,
             goals=[("Greeting", True, 90.0)], summary="The customer disputes a double charge.",
             lines=[("Agent", "Good morning, how can I help?", 0, "neutral"),
                    ("Customer", "I want a refund for last week's order", 7, "angry")]),
        Call(id=2, project_id=2, name="Sales call", created_at="2026-11-20T09:00:00Z",
             duration_ms=60_000, goals=[("Greeting", True, 40.0)],
             lines=[("Agent", "Our new plan is cheaper", 3, "happy"),
                    ("Customer", "Refunds were slow last time", 9, "sad")]),
        Call(id=3, project_id=1, name="<script>alert(1)</script>", created_at="2026-11-25T09:00Z",
             duration_ms=600_000, lines=[("Customer", "<b>last</b> please", 2, "")]),
        # Not analysed yet: only its name and external ID are searchable.
        Call(id=4, project_id=2, name="Another call", created_at="2026-10-01T09:00:00Z",
             duration_ms=30_000, status="processing"),
    ]


@pytest.fixture
def indexed(keyed, api):
    """The user's key (four calls) synced into the index."""
    api.accounts[KEY] = mine()
    sync_indexes.call()
    api.requests.clear()
    return keyed


def rows(response):
    """The names of the rows shown, in order."""
    names = re.findall(r'class="recording-name__text"[^>]*>([^<]*)<', response.content.decode())
    return [name.replace("&lt;", "<").replace("&gt;", ">") for name in names]


def test_words_find_calls_in_transcripts_names_external_ids_and_summaries(indexed, api):
    assert sorted(rows(indexed.get(LIST, {"q": "last"}))) == [
        "<script>alert(1)</script>", "Billing call", "Sales call"]
    assert rows(indexed.get(LIST, {"q": "refund order"})) == ["Billing call"]
    assert rows(indexed.get(LIST, {"q": "crm-778"})) == ["Billing call"]
    assert rows(indexed.get(LIST, {"q": "double charge"})) == ["Billing call"]
    assert rows(indexed.get(LIST, {"q": '"new plan"'})) == ["Sales call"]
    assert api.requests == []  # the index answers: IdentityCall is not asked


def test_the_indexed_rows_carry_the_lists_columns_the_mark_and_the_freshness(indexed):
    response = indexed.get(LIST, {"q": "double charge"})

    assert response.status_code == 200
    body = response.content.decode()
    row = re.search(r'<tr id="recording-row-1".*?</tr>', body, re.S).group(0)
    assert 'href="/recordings/1/"' in row  # the recording's page reads it from IdentityCall
    assert "Project 1 of abcd" in row
    assert 'class="badge badge--completed">Completed<' in row
    assert "5:00" in row and "90 %" in row
    assert '<time datetime="2026-11-02T10:00:00+00:00">' in row
    assert MARK in body
    assert "4 of 4 recordings" in body and "synced" in body and "Sync now" in body
    assert "1 recording in the index matches" in body
    assert "Rename" not in row and "Delete" not in row  # the index would show the old row
    assert 'name="next" value="/recordings/?q=double+charge"' in body  # Sync now comes back here
    assert NOT_APPLIED not in body


def test_a_date_range_keeps_the_calls_uploaded_on_those_days(indexed):
    found = rows(indexed.get(LIST, {"date_from": "2026-11-02", "date_to": "2026-11-20"}))
    assert sorted(found) == ["Billing call", "Sales call"]
    assert rows(indexed.get(LIST, {"date_to": "2026-10-31"})) == ["Another call"]
    none = indexed.get(LIST, {"q": "last", "date_from": "2026-12-01"}).content.decode()
    assert "No call in the index matches" in none and 'href="/recordings/">Clear the search' in none
    assert rows(indexed.get(LIST, {"q": "last", "date_from": "2026-11-21"})) == [
        "<script>alert(1)</script>"]


@pytest.mark.parametrize("sort, expected", [
    ("", ["<script>alert(1)</script>", "Sales call", "Billing call", "Another call"]),
    ("newest", ["<script>alert(1)</script>", "Sales call", "Billing call", "Another call"]),
    ("oldest", ["Another call", "Billing call", "Sales call", "<script>alert(1)</script>"]),
    ("longest", ["<script>alert(1)</script>", "Billing call", "Sales call", "Another call"]),
    ("shortest", ["Another call", "Sales call", "Billing call", "<script>alert(1)</script>"]),
    ("name", ["<script>alert(1)</script>", "Another call", "Billing call", "Sales call"]),
    ("score_high", ["Billing call", "Sales call", "<script>alert(1)</script>", "Another call"]),
])
def test_the_sort_orders_every_matching_call(indexed, sort, expected):
    found = rows(indexed.get(LIST, {"sort": sort, "date_from": "2026-01-01"}))
    if sort == "score_high":  # the two calls without a goal score come last, in either order
        assert found[:2] == expected[:2] and sorted(found[2:]) == sorted(expected[2:])
    else:
        assert found == expected


def test_the_lists_status_and_project_narrow_the_search_too(indexed):
    assert rows(indexed.get(LIST, {"q": "last", "project": "2"})) == ["Sales call"]
    assert rows(indexed.get(LIST, {"q": "call", "status": "processing"})) == ["Another call"]


def test_the_console_pages_the_indexed_answer_and_keeps_the_search_in_its_links(keyed, api):
    api.accounts[KEY] = [Call(id=n, project_id=1, name=f"Call {n:02d}", duration_ms=n * 1000,
                              lines=[("A", "refund", 1, "")]) for n in range(1, 13)]
    sync_indexes.call()

    first = keyed.get(LIST, {"q": "refund", "sort": "longest", "per_page": "10"})
    second = keyed.get(LIST, {"q": "refund", "sort": "longest", "per_page": "10", "page": "2"})

    assert rows(first) == [f"Call {n:02d}" for n in range(12, 2, -1)]
    assert rows(second) == ["Call 02", "Call 01"]
    assert "12 recordings in the index match" in first.content.decode()
    assert 'href="?q=refund&amp;sort=longest&amp;per_page=10&amp;page=2"' in first.content.decode()
    beyond = keyed.get(LIST, {"q": "refund", "per_page": "10", "page": "9"})
    assert beyond.status_code == 200 and "There is no page 9" in beyond.content.decode()


def test_another_keys_rows_never_appear(indexed, api):
    # Another account holds a recording with the same integer id, and words that match.
    other = make_user("grace")
    give_key(other, OTHER_KEY)
    api.accounts[OTHER_KEY] = [
        Call(id=1, project_id=1, name="Their refund call", external_id="crm-778",
             created_at="2026-11-03T10:00:00Z", lines=[("Agent", "a refund for them", 1, "")]),
    ]
    sync_indexes.call()

    for params in ({"q": "refund"}, {"q": "crm-778"}, {"q": "them"}, {"sort": "name"}):
        assert "Their refund call" not in rows(indexed.get(LIST, params))
    assert "4 of 4 recordings" in indexed.get(LIST, {"q": "refund"}).content.decode()
    theirs = Client()
    theirs.force_login(other)
    assert rows(theirs.get(LIST, {"q": "refund"})) == ["Their refund call"]


def test_a_viewer_can_search_the_list(indexed, user):
    set_role(user, Membership.VIEWER)
    response = indexed.get(LIST, {"q": "last", "sort": "oldest"})
    assert response.status_code == 200
    assert rows(response) == ["Billing call", "Sales call", "<script>alert(1)</script>"]


def test_an_htmx_request_gets_the_indexed_results_part(indexed):
    response = indexed.get(LIST, {"q": "plan"}, HTTP_HX_REQUEST="true",
                           HTTP_HX_TARGET="recordings-results")
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="recordings-results"')
    assert rows(response) == ["Sales call"] and MARK in body


def test_upstream_text_is_escaped_in_indexed_rows(indexed):
    body = indexed.get(LIST, {"q": "please"}).content.decode()
    assert "<script>alert(1)</script>" not in body and "&lt;script&gt;" in body


def plain_list_was_asked(api):
    return (KEY, "list") in api.requests


def test_with_the_index_switched_off_the_list_is_identitycalls_and_says_why(indexed, api, settings):
    settings.INDEX_ENABLED = False

    response = indexed.get(LIST, {"q": "refund", "sort": "longest"})

    assert response.status_code == 200
    body = response.content.decode()
    assert plain_list_was_asked(api)
    assert NOT_APPLIED in body and "which is switched off on this console" in body
    assert MARK not in body and "Sync now" not in body
    assert 'value="refund"' in body  # the words stay in the form
    assert rows(response) == [call.name for call in mine()]  # IdentityCall's order


def test_before_the_first_sync_the_list_is_identitycalls_and_says_the_index_is_filling(keyed, api):
    api.accounts[KEY] = mine()

    response = keyed.get(LIST, {"q": "refund"})

    body = response.content.decode()
    assert response.status_code == 200 and plain_list_was_asked(api)
    assert NOT_APPLIED in body and "still filling: 0 recordings synced so far" in body
    assert "Sync now" in body  # the index is on: a sync can be asked for from here
    assert len(rows(response)) == 4


@pytest.mark.parametrize("params, error", [
    ({"date_from": "2026-13-45"}, "Enter a valid date."),
    ({"date_from": "yesterday", "q": "refund"}, "Enter a valid date."),
    ({"date_to": "9999-12-31"}, "Choose a day between 1 Jan 1970 and 31 Dec 2099."),
    ({"date_from": "2026-11-20", "date_to": "2026-11-01"}, "The end date is before the start"),
    ({"sort": "price"}, "Select a valid choice."),
    ({"q": "x" * 201}, "at most 200 characters"),
])
def test_a_bad_query_string_explains_itself_over_the_plain_list(indexed, api, params, error):
    response = indexed.get(LIST, params)

    assert response.status_code == 200
    body = response.content.decode()
    assert error in body and NOT_APPLIED in body
    assert plain_list_was_asked(api) and MARK not in body
    assert len(rows(response)) == 4


def test_the_plain_list_is_unchanged_and_offers_the_search(indexed, api):
    response = indexed.get(LIST)

    body = response.content.decode()
    assert plain_list_was_asked(api)
    assert rows(response) == [call.name for call in mine()]
    assert MARK not in body and NOT_APPLIED not in body
    assert "Search all calls" in body and 'name="q"' in body and 'name="sort"' in body
    assert "Recordings, in the order IdentityCall lists them" in body
    assert 'action="/recordings/selection/"' in body


def test_the_search_says_why_it_is_unavailable_before_anything_is_asked(keyed, api, settings):
    api.accounts[KEY] = mine()
    assert "still filling" in keyed.get(LIST).content.decode()
    settings.INDEX_ENABLED = False
    assert "which is switched off" in keyed.get(LIST).content.decode()


def test_clear_search_keeps_the_lists_own_filters(indexed):
    body = indexed.get(LIST, {"q": "refund", "status": "completed", "page": "1"}).content.decode()
    assert 'href="/recordings/?status=completed">Clear search</a>' in body
