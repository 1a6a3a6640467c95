"""A call's search document (apps/index/fts.py): every term anywhere in the call, a phrase within
one line, the shown line the one with most of the terms, and the document following what the
sync writes (a new analysis, a rename, a deletion), also for a call too long for PostgreSQL to
keep every position of. Runs on SQLite (FTS5) and, with DATABASE_URL=postgres://…, PostgreSQL."""

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from apps.index.models import IndexedRecording, SyncState, Talk
from tests.factories import KEY
from tests.insights.fake_api import Call

pytestmark = pytest.mark.django_db
SEARCH = reverse("insights:search")


def names(response):
    assert response.status_code == 200
    return sorted(hit.recording.name for hit in response.context["hits"] or [])


def sync_again(api, tick, calls):
    api.accounts[KEY] = calls
    SyncState.objects.update(requested_at=timezone.now())  # "Sync now"
    tick()


@pytest.fixture
def two_calls(keyed, api, tick):
    api.accounts[KEY] = [
        Call(id=1, project_id=1, name="Billing call", summary="A double charge.",
             lines=[("Agent", "Good morning, how can I help?", 0, "neutral"),
                    ("Customer", "I want my money back for the order", 6, "angry"),
                    ("Agent", "Let me look at that order.", 12, "neutral"),
                    ("Customer", "The money never arrived", 20, "sad")]),
        Call(id=2, project_id=1, name="Sales call",
             lines=[("Agent", "Our plan includes a refund window", 3, "happy")]),
    ]
    tick()
    return keyed


def test_every_word_may_be_said_anywhere_in_the_call(two_calls):
    # "morning" is in the first line, "arrived" in the last: the call has both.
    assert names(two_calls.get(SEARCH, {"q": "morning arrived"})) == ["Billing call"]
    # The summary is part of the call too.
    assert names(two_calls.get(SEARCH, {"q": "double morning"})) == ["Billing call"]
    # Each word must still be somewhere in the call.
    assert names(two_calls.get(SEARCH, {"q": "morning window"})) == []


def test_a_phrase_is_said_within_one_line_never_across_two(two_calls):
    # "help?" ends the first line and "I want" opens the second: not one phrase.
    assert names(two_calls.get(SEARCH, {"q": '"help i want"'})) == []
    assert names(two_calls.get(SEARCH, {"q": "help want"})) == ["Billing call"]
    assert names(two_calls.get(SEARCH, {"q": '"money back"'})) == ["Billing call"]
    assert names(two_calls.get(SEARCH, {"q": '"back money"'})) == []


def test_the_line_shown_is_the_one_with_most_of_the_words(two_calls):
    response = two_calls.get(SEARCH, {"q": "order money"})
    [hit] = response.context["hits"]
    # Both words are in the second line; the third and fourth have one each.
    assert hit.line.text == "I want my money back for the order"
    assert [line.text for line in hit.before] == ["Good morning, how can I help?"]
    assert hit.url.endswith("?t=6#t-6")


def test_a_new_analysis_or_a_rename_replaces_what_the_call_is_found_by(two_calls, api, tick):
    billing, sales = api.accounts[KEY]
    billing.updated_at = "2026-11-03T09:00:00Z"
    billing.lines = [("Agent", "Your replacement ships tomorrow", 2, "happy")]
    sales.name = "Renewal call"

    sync_again(api, tick, [billing, sales])

    assert names(two_calls.get(SEARCH, {"q": "money"})) == []
    assert names(two_calls.get(SEARCH, {"q": "replacement"})) == ["Billing call"]
    assert names(two_calls.get(SEARCH, {"q": "sales"})) == []
    assert names(two_calls.get(SEARCH, {"q": "renewal refund"})) == ["Renewal call"]
    # The filters read what the row keeps of the new analysis.
    assert names(two_calls.get(SEARCH, {"emotion": "angry"})) == []
    assert names(two_calls.get(SEARCH, {"emotion": "happy"})) == ["Billing call", "Renewal call"]
    # So do the insights' talk rows: one line of the agent's, happy, now.
    talk = Talk.objects.filter(recording__name="Billing call")
    assert list(talk.values_list("speaker", "role", "emotion", "lines")) == [
        ("Agent", "agent", "happy", 1)]


def test_a_call_gone_from_identitycall_leaves_no_document_behind(two_calls, api, tick):
    billing, _sales = api.accounts[KEY]

    sync_again(api, tick, [billing])

    assert names(two_calls.get(SEARCH, {"q": "window"})) == []
    assert names(two_calls.get(SEARCH, {"q": "money"})) == ["Billing call"]
    if connection.vendor == "sqlite":  # the FTS5 table's row went with its recording
        with connection.cursor() as cursor:
            cursor.execute("SELECT rowid FROM insights_call_fts")
            assert [row[0] for row in cursor.fetchall()] == [
                IndexedRecording.objects.get(name="Billing call").pk
            ]


def test_a_phrase_late_in_a_very_long_call_is_still_found(keyed, api, tick):
    # "okay" 300 times: PostgreSQL keeps 255 positions of a word, so the document alone cannot
    # tell where the last "okay" is; the call is marked and its phrases are read in its lines.
    lines = [("Customer", "okay", n, "") for n in range(300)]
    lines.append(("Customer", "okay thanks for fixing the router", 300, "happy"))
    api.accounts[KEY] = [
        Call(id=1, project_id=1, name="Long call", lines=lines),
        Call(id=2, project_id=1, name="Short call", lines=[("Agent", "thanks okay", 1, "")]),
    ]
    tick()

    assert names(keyed.get(SEARCH, {"q": '"okay thanks"'})) == ["Long call"]
    assert names(keyed.get(SEARCH, {"q": '"thanks okay"'})) == ["Short call"]
    assert names(keyed.get(SEARCH, {"q": '"okay thanks" router'})) == ["Long call"]
    assert names(keyed.get(SEARCH, {"q": '"okay router"'})) == []
    partial = dict(IndexedRecording.objects.values_list("name", "document_partial"))
    assert partial == {"Long call": connection.vendor == "postgresql", "Short call": False}


def test_the_lines_of_a_page_are_ranked_without_leaving_them_on_the_connection(two_calls):
    response = two_calls.get(SEARCH, {"q": "money order"})

    assert [hit.line.text for hit in response.context["hits"]] == [
        "I want my money back for the order"]
    if connection.vendor == "sqlite":  # the temporary FTS5 table of the page's lines is gone
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_temp_master WHERE name LIKE 'insights_%'")
            assert cursor.fetchall() == []
