"""The index's pages: sign-in required, "Sync now" a CSRF-protected POST that never waits for the
sync, the index switched off said plainly, and the wipe command."""

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from apps.index.models import IndexedRecording, SyncState
from tests.factories import KEY, give_key
from tests.insights.fake_api import Call

pytestmark = pytest.mark.django_db
SEARCH = reverse("insights:search")
SYNC = reverse("insights:sync")


def test_search_needs_a_sign_in(client):
    response = client.get(SEARCH)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_sync_now_asks_for_a_sync_without_calling_identitycall(user, api):
    give_key(user)
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    page = client.get(SEARCH)
    token = page.cookies["csrftoken"].value

    response = client.post(SYNC, {"csrfmiddlewaretoken": token, "next": SEARCH + "?q=x"})

    assert response.status_code == 302 and response["Location"] == SEARCH + "?q=x"
    assert SyncState.objects.get().requested_at is not None
    assert api.requests == []  # the page never waits for IdentityCall
    assert "sync starting" in client.get(SEARCH).content.decode()


def test_sync_now_without_the_csrf_token_is_refused(user):
    give_key(user)
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.post(SYNC).status_code == 403
    assert not SyncState.objects.exists()


def test_sync_now_sends_nobody_to_another_site(keyed):
    response = keyed.post(SYNC, {"next": "https://evil.example/"})
    assert response["Location"] == SEARCH


def test_the_index_switched_off_is_said_plainly(keyed, settings):
    settings.INDEX_ENABLED = False
    body = keyed.get(SEARCH).content.decode()
    assert "The index is switched off" in body and "Sync now" not in body


def test_wipe_index_forgets_everything_and_the_next_tick_starts_over(user, api, tick):
    give_key(user)
    api.accounts[KEY] = [Call(id=1, project_id=1, name="a call", lines=[("A", "hello", 1, "")])]
    tick()
    assert IndexedRecording.objects.count() == 1

    call_command("wipe_index")

    assert not IndexedRecording.objects.exists() and not SyncState.objects.exists()
    tick()
    assert IndexedRecording.objects.count() == 1


@pytest.mark.parametrize("name", ["insights:search", "insights:insights", "insights:compare"])
def test_every_index_page_says_how_fresh_the_index_is(keyed, name):
    body = keyed.get(reverse(name)).content.decode()
    assert "not synced yet" in body and "Sync now" in body


def test_the_overview_block_shows_this_weeks_goal_attainment(user, api, tick, monkeypatch):
    from django.utils import timezone

    from apps.accounts import role_rules

    # A read for every role, like the other insights pages; the lead adds it to RULES.
    viewer = role_rules.V
    monkeypatch.setitem(role_rules.RULES, "insights:week_block", (viewer, viewer))

    give_key(user)
    today = timezone.now().strftime("%Y-%m-%dT09:00:00Z")
    api.accounts[KEY] = [
        Call(id=1, project_id=1, name="today", created_at=today, goals=[("G", True, 80.0)]),
        Call(id=2, project_id=1, name="long ago", created_at="2020-01-06T09:00:00Z",
             goals=[("G", False, 10.0)]),
    ]
    tick()
    client = Client()
    client.force_login(user)
    block = reverse("insights:week_block")

    body = client.get(block, headers={"HX-Request": "true"}).content.decode()

    assert 'id="block-goals"' in body and "Project 1 of abcd</a>: 80.0 average over 1 call" in body
    assert client.get(block)["Location"].startswith(reverse("insights:insights") + "?date_from=")


@pytest.mark.parametrize("params", [
    {"date_from": "yesterday"}, {"project": "abc"}, {"date_from": "2026-12-01",
                                                    "date_to": "2026-11-01"},
    {"min_minutes": "-3"}, {"status": "<b>x</b>"},
])
def test_insights_with_bad_filters_say_what_is_wrong_instead_of_failing(keyed, params):
    response = keyed.get(reverse("insights:insights"), params)
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    csv_response = keyed.get(reverse("insights:insights_csv", args=["statuses"]), params)
    assert csv_response.status_code == 200
