"""The background sync: a first walk page by page, later walks reading only what changed,
deletions dropping out, a 429 pausing the key and the cursor surviving a restart."""

import pytest
from django.core.cache import cache
from django.utils import timezone

from apps.index import sync
from apps.index.models import IndexedRecording, Line, SyncState
from apps.jobs import ratelimit
from tests.factories import KEY, give_key
from tests.insights.fake_api import Call

pytestmark = pytest.mark.django_db


def calls(count, **fields):
    return [
        Call(id=n, project_id=1, name=f"call {n}", lines=[("Agent", f"hello number {n}", 1, "")],
             **fields)
        for n in range(1, count + 1)
    ]


def test_first_sync_walks_every_page_and_indexes_each_analysis(user, api, tick, monkeypatch):
    monkeypatch.setattr(sync, "PER_PAGE", 2)
    give_key(user)
    api.accounts[KEY] = calls(5)

    tick()

    assert IndexedRecording.objects.count() == 5
    assert [path for _, path in api.requests].count("list") == 3  # pages 1, 2 and 3
    assert Line.objects.filter(kind="line", text="hello number 4").exists()
    state = SyncState.objects.get()
    assert state.phase == "idle" and state.synced_at is not None and state.upstream_total == 5


def test_a_later_sync_reads_only_new_or_changed_recordings_and_drops_deleted(
    user, api, tick
):
    give_key(user)
    api.accounts[KEY] = calls(3)
    tick()
    api.requests.clear()
    changed, _gone, kept = api.accounts[KEY]
    changed.updated_at = "2026-11-03T09:00:00Z"
    changed.lines = [("Agent", "the refund is approved", 4, "happy")]
    api.accounts[KEY] = [changed, kept, Call(id=9, project_id=1, name="new call")]
    SyncState.objects.update(requested_at=timezone.now())  # "Sync now"

    tick()

    read = sorted(path for _, path in api.requests if path.startswith("transcription"))
    assert read == ["transcription:1", "transcription:9"]  # changed and new, not the unchanged
    assert sorted(IndexedRecording.objects.values_list("ref", flat=True)) == ["1", "3", "9"]
    assert Line.objects.filter(text="the refund is approved", emotion="happy").exists()
    assert not Line.objects.filter(text="hello number 1").exists()


def test_a_429_pauses_the_key_for_retry_after_and_the_walk_resumes_where_it_stopped(
    user, api, tick, monkeypatch
):
    monkeypatch.setattr(sync, "PER_PAGE", 2)
    give_key(user)
    api.accounts[KEY] = calls(4)
    api.refuse_from = 3  # projects and page 1 are read, then every request is answered 429

    tick()

    state = SyncState.objects.get()
    assert [p for _, p in api.requests] == ["projects", "list", "list"]  # none after the 429
    assert 29 <= ratelimit.paused_for(state.key_fingerprint) <= 30
    assert state.phase == "listing" and state.next_page == 2 and "rate limit" in state.problem

    tick()  # still paused: nothing is sent
    assert len(api.requests) == 3

    api.refuse_from = None
    cache.clear()  # the pause is over (as after a worker restart: the cursor is in the database)
    tick()
    assert [path for _, path in api.requests[3:]].count("list") == 1  # page 2 again, not page 1
    assert sorted(IndexedRecording.objects.values_list("ref", flat=True)) == ["1", "2", "3", "4"]


def test_a_recording_not_ready_is_kept_as_metadata_without_asking_for_its_analysis(
    user, api, tick
):
    give_key(user)
    api.accounts[KEY] = [Call(id=1, project_id=1, name="still going", status="processing")]

    tick()

    row = IndexedRecording.objects.get()
    assert row.status == "processing" and not row.needs_analysis
    assert [path for _, path in api.requests] == ["projects", "list"]


def test_the_index_of_a_key_nobody_holds_any_more_is_forgotten(user, api, tick):
    give_key(user)
    api.accounts[KEY] = calls(2)
    tick()
    user.api_key.delete()

    tick()

    assert not IndexedRecording.objects.exists() and not SyncState.objects.exists()


def test_a_rejected_key_is_said_on_the_page_and_the_walk_waits_where_it_was(user, api, tick):
    give_key(user)
    api.accounts[KEY] = calls(1)
    api.refuse_from = 1
    api.status = 401
    tick()
    state = SyncState.objects.get()
    assert state.phase == "listing" and state.next_page == 1
    assert "tries again shortly" in state.problem


def test_a_recording_deleted_through_the_console_leaves_the_index_at_once(user, api, tick,
                                                                          upstream):
    import responses

    from apps.accounts.clients import client_for
    from tests.factories import BASE

    give_key(user)
    api.accounts[KEY] = calls(2)
    tick()
    upstream.add(responses.DELETE, f"{BASE}/recordings/1", status=204)

    client_for(user).delete_recording("1")

    assert list(IndexedRecording.objects.values_list("ref", flat=True)) == ["2"]
