"""The per-key cache of rarely changing lists: one upstream call per minute, forgotten on writes."""

import pytest
import responses
from django.core.cache import cache

from apps.frame import list_cache
from apps.identitycall.client import IdentityCallClient

BASE = "https://identitycall.test/api/v1/public"
KEY_A = "idc_" + "A" * 32
KEY_B = "idc_" + "B" * 32


def project(id, name):
    return {"id": id, "name": name, "language": "en"}


@pytest.fixture
def api():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.get(f"{BASE}/projects", json={"data": [project(1, "Support")]})
        yield mock


def make(key):
    return IdentityCallClient(key, base_url=BASE, session=None)


def test_a_cached_list_asks_identitycall_once(api):
    client = make(KEY_A)

    first = list_cache.projects(client)
    second = list_cache.projects(client)

    assert [p.name for p in first] == [p.name for p in second] == ["Support"]
    assert len(api.calls) == 1


def test_fresh_asks_again_and_refreshes_the_entry(api):
    client = make(KEY_A)
    list_cache.projects(client)
    api.replace(responses.GET, f"{BASE}/projects", json={"data": [project(2, "Sales")]})

    assert [p.name for p in list_cache.projects(client, fresh=True)] == ["Sales"]
    assert [p.name for p in list_cache.projects(client)] == ["Sales"]
    assert len(api.calls) == 2


def test_forget_drops_the_list_so_the_next_page_sees_a_write(api):
    client = make(KEY_A)
    list_cache.projects(client)

    list_cache.forget(client, "projects")
    list_cache.projects(client)

    assert len(api.calls) == 2


def test_two_keys_never_share_an_entry(api):
    list_cache.projects(make(KEY_A))
    list_cache.projects(make(KEY_B))

    assert [call.request.headers["Authorization"][-4:] for call in api.calls] == ["AAAA", "BBBB"]


def test_the_cache_key_is_a_hash_never_the_api_key(api):
    client = make(KEY_A)
    list_cache.projects(client)

    stored = list_cache._key(client, "projects")
    assert KEY_A not in stored and KEY_A[4:] not in stored
    assert cache.get(stored) is not None


def test_a_client_without_a_key_is_never_cached():
    class Double:
        def list_projects(self):
            return ["fresh"]

    assert list_cache.projects(Double()) == ["fresh"]
    assert list_cache.peek(Double(), "projects") is None


def counted(id, recordings=3, numbers=1):
    from apps.identitycall.resources import Project

    return Project(id=id, name=f"P{id}", recordings_count=recordings, virtual_numbers_count=numbers)


def test_a_projects_counts_are_kept_per_key():
    list_cache.remember_counts(make(KEY_A), counted(7))

    assert list_cache.project_counts(make(KEY_A), [7, 8]) == {7: (3, 1)}
    assert list_cache.project_counts(make(KEY_B), [7]) == {}


def test_a_project_without_counts_is_not_kept():
    list_cache.remember_counts(make(KEY_A), counted(7, recordings=None, numbers=None))

    assert list_cache.project_counts(make(KEY_A), [7]) == {}


@pytest.mark.parametrize(("names", "kept"), [(("projects",), False), ((), False),
                                             (("operators",), True)])
def test_forgetting_the_projects_forgets_their_counts(names, kept):
    client = make(KEY_A)
    list_cache.remember_counts(client, counted(7))

    list_cache.forget(client, *names)

    assert (list_cache.project_counts(client, [7]) == {7: (3, 1)}) is kept


def test_kept_counts_never_name_the_api_key():
    prefix = list_cache._counts_prefix(make(KEY_A))

    assert KEY_A[4:] not in prefix and KEY_A[4:12] not in prefix
