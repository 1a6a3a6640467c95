"""SANDBOX_PAGINATE_LISTS: the four lists the docs leave unpaginated page by 20 with `meta`.

IdentityCall docs conflict: the API overview says every list pages its results; the projects,
operators and numbers pages say they take no parameters. Off (the default), the sandbox follows
the per-endpoint pages; on, it follows the overview, so the console's paging can be exercised.
"""

import io

import pytest
from django.core.management import call_command

from apps.sandbox.models import AvailableNumber, Operator, Project, VirtualNumber
from apps.sandbox.seed import seed_many
from tests.sandbox.builders import make_available

pytestmark = pytest.mark.django_db

EXTRA = 25
# path, query → the names of its items
LISTS = {
    "projects": ("/projects", {}, "name"),
    "operators": ("/operators", {}, "name"),
    "virtual numbers": ("/virtual_numbers", {}, "phone_number"),
    "available numbers": ("/virtual_numbers/available", {"country": "GB", "number_type": "local"},
                          "phone_number"),
}


@pytest.fixture
def many(db):
    seed_many(EXTRA)


@pytest.fixture
def paging(settings):
    settings.SANDBOX_PAGINATE_LISTS = True


@pytest.mark.parametrize("name", LISTS)
def test_off_every_item_comes_in_one_array_without_meta_whatever_the_query(api, many, name):
    path, query, _ = LISTS[name]

    body = api.get(path, {**query, "page": 2, "per_page": 5}).json()

    assert set(body) == {"data"}
    assert len(body["data"]) == EXTRA


@pytest.mark.parametrize("name", LISTS)
def test_on_the_first_page_holds_twenty_and_meta_says_how_many_more(api, many, paging, name):
    path, query, _ = LISTS[name]

    body = api.get(path, query).json()

    assert len(body["data"]) == 20
    assert body["meta"] == {"current_page": 1, "total_pages": 2, "total_count": EXTRA,
                            "per_page": 20}


@pytest.mark.parametrize("name", LISTS)
def test_on_the_pages_together_hold_every_item_once_in_the_lists_order(api, many, paging, name):
    path, query, field = LISTS[name]
    whole = [item[field] for item in api.get(path, {**query, "per_page": 100}).json()["data"]]

    pages = [api.get(path, {**query, "page": n, "per_page": 10}).json() for n in (1, 2, 3)]

    assert [page["meta"]["current_page"] for page in pages] == [1, 2, 3]
    assert [len(page["data"]) for page in pages] == [10, 10, 5]
    assert [item[field] for page in pages for item in page["data"]] == whole
    assert len(set(whole)) == EXTRA


def test_on_a_page_past_the_end_is_empty_and_still_says_where_the_end_is(api, many, paging):
    body = api.get("/projects", {"page": 9}).json()

    assert body["data"] == []
    assert body["meta"]["total_pages"] == 2 and body["meta"]["current_page"] == 9


def test_on_per_page_above_one_hundred_is_capped(api, paging):
    for n in range(130):
        make_available(phone=f"+1415555{n:04d}", country="US", number_type="local")

    body = api.get("/virtual_numbers/available",
                   {"country": "US", "number_type": "local", "per_page": 500}).json()

    assert len(body["data"]) == 100 and body["meta"]["per_page"] == 100


@pytest.mark.parametrize("query", [{"page": 0}, {"page": "x"}, {"per_page": 0}, {"per_page": "x"}])
def test_on_invalid_paging_values_answer_422_like_the_recordings_list(api, paging, query):
    response = api.get("/operators", query)

    assert response.status_code == 422
    assert response.json()["error"] in ("page must be a positive integer",
                                        "per_page must be between 1 and 100")


def test_on_an_empty_list_is_one_page(api, paging):
    body = api.get("/virtual_numbers/available", {"country": "FR"}).json()

    assert body == {"data": [], "meta": {"current_page": 1, "total_pages": 1, "total_count": 0,
                                         "per_page": 20}}


def test_a_scoped_key_pages_only_what_it_sees(api, scoped_api, many, paging):
    body = scoped_api.get("/projects").json()

    assert len(body["data"]) == 1 and body["meta"]["total_count"] == 1


def test_sandbox_seed_extra_adds_that_many_of_each_list(db):
    call_command("sandbox_seed", "--extra", "3", stdout=io.StringIO(), stderr=io.StringIO())

    assert Project.objects.filter(name__startswith="Extra project").count() == 3
    assert Operator.objects.filter(name__startswith="Extra operator").count() == 3
    assert VirtualNumber.objects.filter(name__startswith="Extra line").count() == 3
    assert AvailableNumber.objects.filter(phone_number__startswith="+44131496").count() == 3
