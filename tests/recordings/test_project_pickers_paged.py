"""The recordings pages' project pickers say when IdentityCall's paged projects were cut short."""

import re

import pytest

from apps.identitycall import client as client_module
from tests.factories import BASE
from tests.projects.test_lists_paged_upstream import serve_pages, text

EMPTY = {"data": [], "meta": {"current_page": 1, "total_pages": 1, "total_count": 0}}


@pytest.fixture
def recordings_empty(upstream):
    upstream.get(f"{BASE}/recordings", json=EMPTY)


@pytest.mark.parametrize("path", ["/recordings/", "/recordings/upload/"])
def test_a_picker_of_a_cut_short_projects_list_says_so(
    keyed, upstream, recordings_empty, monkeypatch, path
):
    monkeypatch.setattr(client_module, "MAX_LIST_PAGES", 2)
    serve_pages(upstream, total=100)

    page = text(keyed.get(path))

    assert "Project 040" in page and "Project 041" not in page
    assert re.search(r'id="id_project_helptext">Only the first 40 of 100 projects', page)
    assert 'aria-describedby="id_project_helptext"' in page


@pytest.mark.parametrize("path", ["/recordings/", "/recordings/upload/"])
def test_a_picker_of_a_paged_projects_list_offers_every_project(
    keyed, upstream, recordings_empty, path
):
    serve_pages(upstream, total=45)

    page = text(keyed.get(path))

    assert all(f"Project {n:03d}" in page for n in range(1, 46))
    assert "Only the first" not in page
