"""The compare page: emotion over time on one shared axis with every mark linked to its moment,
pauses side by side, "Compare with…" from a recording (the picker), bad addresses said plainly,
and never a row another key synced. Index rows are built directly (the sync has tests of its own);
runs on SQLite and PostgreSQL."""

from datetime import UTC, datetime

import pytest
from django.test import Client
from django.urls import reverse

from apps.index import fts
from apps.index.compare_charts import dominant_steps, runs, step_for
from apps.index.models import Goal, IndexedRecording, Line, Pause
from apps.index.visibility import fingerprint_of
from tests.factories import OTHER_KEY, give_key, make_user

pytestmark = pytest.mark.django_db
COMPARE = reverse("insights:compare")
UUID_A = "0b5e3c1a-1111-4c2d-9a7e-00000000000a"
UUID_B = "0b5e3c1a-2222-4c2d-9a7e-00000000000b"


def call(fingerprint, ref, name, lines=(), *, recording_id=None, project_id=1, day=2,
         duration_s=120, pauses=()):
    """Return an indexed call: lines are (speaker, text, start s, end s, emotion), pauses are
    (start s, seconds, compliant)."""
    row = IndexedRecording.objects.create(
        key_fingerprint=fingerprint, ref=ref, recording_id=recording_id, project_id=project_id,
        name=name, status="completed", duration_ms=duration_s * 1000,
        created_at=datetime(2026, 11, day, 10, tzinfo=UTC), summary=f"Summary of {name}.",
    )
    Line.objects.bulk_create(
        Line(recording=row, kind="line", position=n, speaker=who, text=text,
             start_ms=int(start * 1000), end_ms=int(end * 1000), emotion=emotion)
        for n, (who, text, start, end, emotion) in enumerate(lines)
    )
    Pause.objects.bulk_create(
        Pause(recording=row, start_ms=int(start * 1000), duration_ms=int(seconds * 1000),
              compliant=compliant)
        for start, seconds, compliant in pauses
    )
    fts.refresh_documents([row.pk])  # as the sync does after writing a call's lines
    return row


AGENT_THEN_CUSTOMER = [
    # Step 0 (0–10 s): 8 s neutral, 2 s angry → neutral; step 1: the angry line's last 2 s.
    ("Agent", "good morning", 0, 8, "neutral"),
    ("Agent", "that is not how it works", 8, 12, "angry"),
    # Step 2: 8 s sad, 1 s happy → sad; step 3: happy.
    ("Customer", "I lost my card", 21, 29, "sad"),
    ("Customer", "oh thanks", 29, 30.5, "happy"),
    # Steps 4 and 5 are both angry: one mark from 0:40 to 1:00, linked to 0:40.
    ("Agent", "listen to me", 40, 50, "angry"),
    ("Agent", "again", 52, 55, "angry"),
    ("Agent", "no feeling here", 70, 75, ""),
]


@pytest.fixture
def ada(client, user):
    give_key(user)
    client.force_login(user)
    client.fingerprint = fingerprint_of(user)
    return client


@pytest.fixture
def bob():
    person = make_user("bob")
    give_key(person, OTHER_KEY)
    client = Client()
    client.force_login(person)
    client.fingerprint = fingerprint_of(person)
    return client


def test_each_step_takes_the_emotion_heard_longest_and_equal_runs_merge():
    lines = [Line(speaker=w, text=t, start_ms=s * 1000, end_ms=int(e * 1000), emotion=m,
                  position=n) for n, (w, t, s, e, m) in enumerate(AGENT_THEN_CUSTOMER)]
    steps = dominant_steps(lines, 10)

    assert steps["Agent"] == {0: ("neutral", 0), 1: ("angry", 8), 4: ("angry", 40),
                              5: ("angry", 52)}
    assert steps["Customer"] == {2: ("sad", 21), 3: ("happy", 29)}
    marks = runs(steps["Agent"], 10, "7")
    assert [(m.emotion, m.start_s, m.end_s, m.second) for m in marks] == [
        ("neutral", 0, 10, 0), ("angry", 10, 20, 8), ("angry", 40, 60, 40)
    ]
    assert marks[2].href == "/recordings/7/?t=40#t-40"


def test_a_tie_goes_to_the_emotion_heard_first_and_long_calls_get_longer_steps():
    tie = [Line(speaker="A", text="x", start_ms=0, end_ms=3000, emotion="calm", position=0),
           Line(speaker="A", text="y", start_ms=5000, end_ms=8000, emotion="sad", position=1)]
    assert dominant_steps(tie, 10) == {"A": {0: ("calm", 0)}}
    assert step_for(120_000) == 10 and step_for(400_000) == 10 and step_for(401_000) == 15
    assert step_for(40 * 60_000) == 60 and step_for(3 * 3600_000) == 300


def test_two_calls_share_one_time_axis_and_every_mark_opens_its_moment(ada):
    call(ada.fingerprint, "1", "Long call", AGENT_THEN_CUSTOMER, duration_s=120)
    call(ada.fingerprint, "2", "Short call", [("Agent", "hello", 0, 20, "happy")], duration_s=60)

    response = ada.get(COMPARE, {"r": ["1", "2"]})

    assert response.status_code == 200
    long, short = (s.timeline for s in response.context["sides"])
    assert long.step_s == short.step_s == 10 and long.shared and short.shared
    assert long.track_width == 332 and short.track_width == 166  # half as long, half as wide
    assert [t[3] for t in long.ticks] == [t[3] for t in short.ticks] == ["0:00", "0:30", "1:00",
                                                                         "1:30", "2:00"]
    assert long.ticks[0][2] == "start" and long.ticks[-1][2] == "end"  # labels stay inside
    body = response.content.decode()
    assert body.count('data-chart="emotion-time"') == 2
    assert body.count("per 10 seconds, both calls on one time axis") == 2
    assert body.count('class="compare-emotions__mark" href="/recordings/1/?t=40#t-40"') == 1
    assert 'href="/recordings/2/?t=0#t-0"' in body
    assert "<td><a href=\"/recordings/1/?t=40#t-40\">0:40–1:00</a></td><td>Angry</td>" in body
    legend = [label for _, label, _ in response.context["legend"]]
    assert legend == ["Happy", "Neutral", "Sad", "Angry"]


def test_a_call_more_than_twice_as_long_puts_each_on_its_own_axis(ada):
    call(ada.fingerprint, "1", "Short call", AGENT_THEN_CUSTOMER, duration_s=240)
    call(ada.fingerprint, "2", "Marathon", [("Agent", "hello", 3000, 3300, "calm")],
         duration_s=7200)

    response = ada.get(COMPARE, {"r": ["1", "2"]})

    short, marathon = (s.timeline for s in response.context["sides"])
    assert not short.shared and not marathon.shared
    assert short.track_width == marathon.track_width == 332  # neither shrinks to a sliver
    assert (short.step_s, marathon.step_s) == (10, 300)
    assert short.ticks[-1][3] == "4:00" and marathon.ticks[-1][3] == "2:00:00"
    assert [(m.start_s, m.second) for m in marathon.strips[0].marks] == [(3000, 3000)]
    body = response.content.decode()
    assert body.count("on this call’s own time axis") == 2
    assert "per 5 minutes" in body and "per 10 seconds" in body


def test_pauses_side_by_side_list_the_five_longest_linked_to_their_moment(ada):
    pauses = [(5, 2, True), (10, 9, False), (20, 3, True), (30, 12, False), (50, 4, True),
              (61, 1, True), (75, 6.5, False)]
    call(ada.fingerprint, "1", "Pausing call", AGENT_THEN_CUSTOMER, pauses=pauses)
    call(ada.fingerprint, "2", "Quiet-free call")

    response = ada.get(COMPARE, {"r": ["1", "2"]})

    first, second = response.context["sides"]
    assert (first.pauses, first.long_pauses, first.longest_pause_s) == (7, 3, 12.0)
    assert [(p.start_ms // 1000, p.duration_s) for p in first.longest] == [
        (30, 12.0), (10, 9.0), (75, 6.5), (50, 4.0), (20, 3.0)
    ]
    body = response.content.decode()
    assert '<a class="compare__moment" href="/recordings/1/?t=30#t-30">at 0:30</a> · 12.0 s' in body
    assert "7 pauses · 3 too long · longest 12.0 s" in body
    assert second.pauses == 0 and "No pauses recorded." in body


def test_compare_with_from_a_recording_offers_the_other_calls_same_project_first(ada, bob):
    first = call(ada.fingerprint, UUID_A, "Billing dispute", AGENT_THEN_CUSTOMER,
                 recording_id=41, project_id=1, day=1)
    call(ada.fingerprint, "42", "Sales pitch", [("Agent", "our new plan", 0, 5, "happy")],
         recording_id=42, project_id=2, day=20)
    call(ada.fingerprint, "43", "Refund request", [("Customer", "my card was charged", 0, 5, "sad")],
         recording_id=43, project_id=1, day=10)
    call(bob.fingerprint, "44", "Bob's secret call", [("Agent", "charged card", 0, 5, "sad")],
         project_id=1, day=25)

    # The recording page links with its own ref, a UUID or the legacy integer id.
    for given in (UUID_A, "41"):
        response = ada.get(COMPARE, {"recording": given})
        assert response.status_code == 200
        assert response.context["first"] == first
        offered = [row.name for row in response.context["offered"]]
        assert offered == ["Refund request", "Sales pitch"]
    body = response.content.decode()
    assert f'href="{COMPARE}?r={UUID_A}&amp;r=43"' in body
    assert "Bob&#x27;s secret call" not in body and "secret" not in body

    found = ada.get(COMPARE, {"r": UUID_A, "q": "card"})
    assert [row.name for row in found.context["offered"]] == ["Refund request"]
    assert "Calls matching “card”" in found.content.decode()

    picked = ada.get(COMPARE, {"r": [UUID_A, "43"]})
    assert [s.recording.name for s in picked.context["sides"]] == ["Billing dispute",
                                                                   "Refund request"]


def test_a_recording_not_in_the_index_is_said_plainly_never_another_keys_row(ada, bob, settings):
    call(bob.fingerprint, "77", "Bob's call", AGENT_THEN_CUSTOMER, recording_id=77)

    response = ada.get(COMPARE, {"recording": "77"})

    assert response.status_code == 200 and response.context["first"] is None
    body = response.content.decode()
    assert "This call is not in your index yet" in body and "not synced yet" in body
    assert "Bob" not in body
    settings.INDEX_ENABLED = False
    off = ada.get(COMPARE, {"recording": "77"}).content.decode()
    assert "The index is switched off" in off and "not in your index yet" in off


def test_the_same_ref_in_two_accounts_shows_each_user_their_own_call(ada, bob):
    call(ada.fingerprint, "1", "Ada one", AGENT_THEN_CUSTOMER)
    call(ada.fingerprint, "2", "Ada two")
    call(bob.fingerprint, "1", "Bob one", AGENT_THEN_CUSTOMER)
    call(bob.fingerprint, "3", "Bob three")

    mine = ada.get(COMPARE, {"r": ["1", "2"]})
    assert [s.recording.name for s in mine.context["sides"]] == ["Ada one", "Ada two"]
    assert "Bob" not in mine.content.decode()

    refused = ada.get(COMPARE, {"r": ["1", "3"]})  # "3" is Bob's only
    assert refused.status_code == 404 and refused.context["sides"] is None
    body = refused.content.decode()
    assert "A call you chose is not in your index" in body and "Bob" not in body
    assert [row.name for row in refused.context["offered"]] == ["Ada two"]
    assert [r.name for r in bob.get(COMPARE, {"r": "1"}).context["offered"]] == ["Bob three"]


def test_bad_addresses_get_a_clear_message_on_the_page(ada):
    for ref, name in (("1", "One"), ("2", "Two"), ("3", "Three")):
        call(ada.fingerprint, ref, name)
    Goal.objects.create(recording=IndexedRecording.objects.get(ref="1"), name="Greet", met=True)

    twice = ada.get(COMPARE, {"r": ["1", "1"]})
    assert twice.status_code == 200 and twice.context["first"].name == "One"
    assert "The same call was chosen twice" in twice.content.decode()

    three = ada.get(COMPARE, {"r": ["1", "2", "3"]})
    assert three.status_code == 200
    assert [s.recording.name for s in three.context["sides"]] == ["One", "Two"]
    assert "3 were chosen; these are the first two" in three.content.decode()

    for garbage in ("<script>x</script>", "1\x00", "9" * 300, "../../etc"):
        response = ada.get(COMPARE, {"r": [garbage, "2"]})
        assert response.status_code == 404, garbage
        body = response.content.decode()
        assert "A call you chose is not in your index" in body and "<script>x" not in body
        assert ada.get(COMPARE, {"recording": garbage}).status_code == 200

    nul_words = ada.get(COMPARE, {"r": "1", "q": "card\x00"})
    assert nul_words.status_code == 200 and nul_words.context["words"] == ""
    assert ada.get(COMPARE, {"r": ""}).status_code == 200
    assert "Choose two calls" in ada.get(COMPARE).content.decode()
