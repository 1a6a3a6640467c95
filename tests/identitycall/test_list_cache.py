"""The per-key cache of rarely changing lists: one upstream call per minute, forgotten on writes."""

import pytest
import responses
from django.core.cache import cache

from apps.identitycall import cache as list_cache
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
