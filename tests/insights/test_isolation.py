"""Point 2 of the index: a user sees an indexed recording only if their CURRENT key synced it.
Two IdentityCall accounts here hold the same integer project and recording ids (1 and 1), so a
project id is no proof; a project-scoped key sees only what it listed; a key replaced in the middle
of a session loses the old key's rows at its very next request. Runs on SQLite and PostgreSQL."""

import pytest
from django.test import Client
from django.urls import reverse

from apps.index.models import IndexedRecording
from tests.factories import KEY, OTHER_KEY, give_key, make_user
from tests.insights.fake_api import Call

pytestmark = pytest.mark.django_db
SEARCH = reverse("insights:search")
SCOPED_KEY = "idc_Sc0pedKeyOfAccountOne0000000000aa"


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def found(client, **params):
    hits = client.get(SEARCH, params).context["hits"] or []
    return sorted(hit.recording.name for hit in hits)


@pytest.fixture
def two_accounts(api, tick):
    """Ada (account one, account-wide key), Bob (account two), Cy (account one, a key scoped to
    project 2); every key synced."""
    api.accounts[KEY] = [
        Call(id=1, project_id=1, name="One: refund in project 1",
             lines=[("Agent", "your refund is on its way", 3, "")]),
        Call(id=2, project_id=2, name="One: refund in project 2",
             lines=[("Agent", "a refund for project two", 5, "")]),
    ]
    api.accounts[OTHER_KEY] = [
        Call(id=1, project_id=1, name="Two: refund, same ids",
             lines=[("Agent", "refund secrets of account two", 4, "")]),
    ]
    api.accounts[SCOPED_KEY] = [api.accounts[KEY][1]]
    ada, bob, cy = make_user("ada"), make_user("bob"), make_user("cy")
    give_key(ada, KEY)
    give_key(bob, OTHER_KEY)
    give_key(cy, SCOPED_KEY)
    tick()
    assert IndexedRecording.objects.filter(project_id=1, recording_id=1).count() == 2
    return ada, bob, cy


def test_users_of_different_accounts_never_see_each_others_calls(two_accounts):
    ada, bob, _ = two_accounts
    assert found(signed_in(ada), q="refund") == [
        "One: refund in project 1", "One: refund in project 2"
    ]
    assert found(signed_in(bob), q="refund") == ["Two: refund, same ids"]
    # The shared integer ids give nothing away either.
    assert found(signed_in(bob), q="refund", project=1) == ["Two: refund, same ids"]
    assert found(signed_in(ada), q="secrets") == []
    assert found(signed_in(ada), status="completed") == [
        "One: refund in project 1", "One: refund in project 2"
    ]


def test_a_project_scoped_key_sees_only_its_project_even_in_its_own_account(two_accounts):
    _, _, cy = two_accounts
    client = signed_in(cy)
    assert found(client, q="refund") == ["One: refund in project 2"]
    assert found(client, q="refund", project=1) == []
    assert found(client, q="way") == []


def test_a_key_replaced_mid_session_drops_the_old_rows_at_once(two_accounts, tick, api):
    ada, _, _ = two_accounts
    client = signed_in(ada)
    assert found(client, q="refund")  # the session is open and sees account one

    give_key(ada, OTHER_KEY)  # the same user now holds account two's key

    assert found(client, q="way") == []  # account one's rows are gone at the next request
    assert found(client, q="refund") == ["Two: refund, same ids"]  # what this key synced
    assert "One:" not in client.get(SEARCH, {"status": "completed"}).content.decode()


def test_a_replaced_key_sees_nothing_until_its_own_sync(api, tick):
    new_key = "idc_BrandNewKeyOfAccountOne000000000b"
    api.accounts[KEY] = [Call(id=1, project_id=1, name="refund call",
                              lines=[("Agent", "refund", 1, "")])]
    api.accounts[new_key] = list(api.accounts[KEY])
    ada = make_user("ada")
    give_key(ada, KEY)
    tick()
    client = signed_in(ada)
    assert found(client, q="refund") == ["refund call"]

    give_key(ada, new_key)  # same account, another key: another fingerprint

    assert found(client, q="refund") == []
    assert "not synced yet" in client.get(SEARCH).content.decode()
    tick()
    assert found(client, q="refund") == ["refund call"]
    assert IndexedRecording.objects.count() == 1  # the old key's rows were forgotten


def test_insights_count_only_the_current_keys_calls(two_accounts):
    ada, bob, cy = two_accounts
    for user, expected in ((ada, 2), (bob, 1), (cy, 1)):
        response = signed_in(user).get(reverse("insights:insights"))
        statuses = next(t for t in response.context["tables"] if t["name"] == "statuses")
        assert [[value for _, value in cells] for cells, _ in statuses["rows"]] == [
            ["completed", expected]
        ]


def test_compare_never_shows_another_keys_call(two_accounts):
    ada, bob, cy = two_accounts
    # Recording "1" exists for both accounts; each user gets their own account's, or nothing.
    assert signed_in(bob).get(reverse("insights:compare"), {"r": ["1", "2"]}).status_code == 404
    response = signed_in(ada).get(reverse("insights:compare"), {"r": ["1", "2"]})
    assert [s.recording.name for s in response.context["sides"]] == [
        "One: refund in project 1", "One: refund in project 2"
    ]
    assert signed_in(cy).get(reverse("insights:compare"), {"r": ["1", "2"]}).status_code == 404
