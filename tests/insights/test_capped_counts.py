"""A search with words counts its calls only up to a cap (apps/index/search.py: ranking or
counting every line of a word said in most of 100,000 calls takes seconds); the pages then say
"more than N", never a number that is too small."""

import re

import pytest

from apps.index import search
from apps.index.tasks import sync_indexes
from tests.factories import KEY
from tests.insights.fake_api import Call

pytestmark = pytest.mark.django_db


def calls():
    return [
        Call(id=n, project_id=1, name=f"Refund call {n}", created_at=f"2026-11-0{n}T10:00:00Z",
             duration_ms=60_000 * n, lines=[("Customer", "I want a refund please", 3, "sad")])
        for n in (1, 2, 3)
    ]


@pytest.fixture
def indexed(keyed, api):
    api.accounts[KEY] = calls()
    sync_indexes.call()
    return keyed


@pytest.fixture
def capped_at_two(monkeypatch):
    monkeypatch.setattr(search, "RANKED", 2)
    monkeypatch.setattr(search, "COUNTED", 2)


def count_line(response, css):
    found = re.search(rf'<p class="[^"]*{css}[^"]*">([^<]*)</p>', response.content.decode())
    return found.group(1).strip()


@pytest.mark.parametrize("sort", ["relevance", "newest", "longest"])
def test_the_search_page_says_more_than_the_cap(indexed, capped_at_two, sort):
    response = indexed.get("/search/", {"q": "refund", "sort": sort})

    assert count_line(response, "search-results__count") == "More than 2 calls found"


def test_under_the_cap_the_search_page_gives_the_exact_count(indexed):
    response = indexed.get("/search/", {"q": "refund", "sort": "newest"})

    assert count_line(response, "search-results__count") == "3 calls found"


def test_the_recordings_list_says_more_than_the_cap(indexed, capped_at_two):
    response = indexed.get("/recordings/", {"q": "refund"})

    assert count_line(response, "recordings__count").startswith("More than 2 recordings")


def test_under_the_cap_the_recordings_list_gives_the_exact_count(indexed):
    response = indexed.get("/recordings/", {"q": "refund"})

    assert count_line(response, "recordings__count").startswith("3 recordings")
