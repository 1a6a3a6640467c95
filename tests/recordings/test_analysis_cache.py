"""A completed recording's analysis is kept per API key: later views ask only for the recording."""

import time

import pytest
from django.core.cache import cache
from django.test import Client

from apps.accounts.clients import client_for
from apps.recordings import analysis_cache
from tests.factories import BASE, KEY, OTHER_KEY, give_key, make_user
from tests.recordings.analysis_factories import (
    dialogue_json,
    results_json,
    summary_json,
    transcription_json,
)
from tests.recordings.conftest import recording_json

REF = "018f3a00-0000-7000-8000-000000002001"
PAGE = f"/recordings/{REF}/"
RECORDING = f"/recordings/{REF}"
ANALYSIS = [f"{RECORDING}/results", f"{RECORDING}/summary", f"{RECORDING}/transcription"]


def serve(upstream, *, said="Hi, my card was charged twice.", status="completed", failing=(),
          recording_status=200):
    """Register the page's calls (and the projects list); `said` is the second line's text."""
    upstream.get(f"{BASE}{RECORDING}", status=recording_status,
                 json={"data": recording_json(id=2001, public_id=REF, status=status)}
                 if recording_status == 200 else {"error": "Resource not found"})
    dialogues = [
        dialogue_json(1, 0, 4_500, "Thank you for calling.", profile="Ada Agent"),
        dialogue_json(2, 5_000, 9_250, said, speaker="Speaker 2", dominant="angry"),
        dialogue_json(3, 62_345, 65_000, "Let me refund the second charge.", profile="Ada Agent"),
    ]
    bodies = {"transcription": transcription_json(dialogues), "results": results_json(),
              "summary": summary_json()}
    for name, body in bodies.items():
        if name in failing:
            upstream.get(f"{BASE}{RECORDING}/{name}", status=500, json={"error": "boom"})
        elif status != "completed":
            upstream.get(f"{BASE}{RECORDING}/{name}", status=422,
                         json={"error": "Transcription not available"})
        else:
            upstream.get(f"{BASE}{RECORDING}/{name}", json={"data": body})
    upstream.get(f"{BASE}/projects", json={"data": []})


def asked(upstream, since=0):
    """Return the upstream paths asked since call number `since`, projects left out."""
    paths = (call.request.path_url.removeprefix("/api/v1/public")
             for call in upstream.calls[since:])
    return sorted(path for path in paths if path != "/projects")


def analysis_of(html):
    """Return the page's analysis region (the rest carries a per-response CSRF token)."""
    return html[html.index('<div id="analysis"'):html.index("</main>")]


def view(client, upstream, url=PAGE, **extra):
    """Return (the page's HTML, the upstream paths it asked for)."""
    before = len(upstream.calls)
    response = client.get(url, **extra)
    assert response.status_code == 200
    return response.content.decode(), asked(upstream, before)


def test_a_repeat_view_asks_identitycall_only_for_the_recording(keyed, upstream):
    serve(upstream)

    first, first_asked = view(keyed, upstream)
    again, again_asked = view(keyed, upstream)

    assert first_asked == [RECORDING, *ANALYSIS]
    assert again_asked == [RECORDING]
    assert analysis_of(again) == analysis_of(first)
    assert again.count('class="line ') == 3
    assert "The caller was charged twice." in again  # the summary
    assert "data-timeline-svg" in again and "Greeting" in again


def test_search_marks_and_the_deep_link_target_are_made_for_each_repeat_view(keyed, upstream):
    serve(upstream)
    view(keyed, upstream)

    html, calls = view(keyed, upstream, f"{PAGE}?q=CHARGE&t=62")

    assert calls == [RECORDING]
    assert "Hi, my card was <mark>charge</mark>d twice." in html
    assert "Let me refund the second <mark>charge</mark>." in html
    assert "2 matches for “CHARGE”" in html
    assert html.count("line--target") == 1
    assert '<li id="t-62" class="line speaker--0 line--target"' in html
    plain, _ = view(keyed, upstream)
    assert "<mark>" not in plain and "line--target" not in plain


def test_upstream_text_stays_escaped_in_the_kept_analysis(keyed, upstream):
    hostile = "<script>alert(1)</script> {{ x }}"
    serve(upstream, said=hostile)
    view(keyed, upstream)

    html, calls = view(keyed, upstream, f"{PAGE}?q=script")

    assert calls == [RECORDING]
    assert "<script>alert" not in html
    assert "&lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt; {{ x }}" in html


def test_the_analysis_partial_uses_and_fills_the_same_kept_analysis(keyed, upstream):
    serve(upstream)

    _, first = view(keyed, upstream, f"/recordings/{REF}/analysis/", HTTP_HX_REQUEST="true")
    page, again = view(keyed, upstream)

    assert first == [RECORDING, *ANALYSIS]
    assert again == [RECORDING]
    assert page.count('class="line ') == 3


def test_another_key_never_sees_the_kept_analysis(keyed, upstream, db):
    serve(upstream, said="Ada's customer speaking.")
    view(keyed, upstream)
    bob = make_user("bob")
    give_key(bob, OTHER_KEY)
    other = Client()
    other.force_login(bob)
    upstream.reset()
    serve(upstream, said="Bob's customer speaking.")

    html, calls = view(other, upstream)

    assert calls == [RECORDING, *ANALYSIS]
    assert "Bob&#x27;s customer speaking." in html and "Ada&#x27;s customer" not in html
    assert all(call.request.headers["Authorization"] == f"Bearer {OTHER_KEY}"
               for call in upstream.calls)
    mine, mine_asked = view(keyed, upstream)
    assert mine_asked == [RECORDING]
    assert "Ada&#x27;s customer speaking." in mine
    # The cache is named by a hash of the key, never the key itself.
    assert not any(KEY in key or OTHER_KEY in key for key in cache._cache)


def test_a_recording_gone_upstream_is_not_found_though_its_analysis_was_kept(keyed, upstream):
    serve(upstream)
    view(keyed, upstream)
    upstream.reset()
    serve(upstream, recording_status=404)

    assert keyed.get(PAGE).status_code == 404

    upstream.reset()
    serve(upstream)  # back again (say, a restored soft delete): nothing was kept
    assert view(keyed, upstream)[1] == [RECORDING, *ANALYSIS]


def test_a_key_that_lost_access_sees_the_error_not_the_kept_analysis(keyed, upstream):
    serve(upstream)
    view(keyed, upstream)
    upstream.reset()
    upstream.get(f"{BASE}{RECORDING}", status=401, json={"error": "Invalid API key"})

    response = keyed.get(PAGE)

    html = response.content.decode()
    assert response.status_code != 200
    assert "IdentityCall rejected your API key." in html
    assert "charged twice" not in html and 'class="line ' not in html


def test_an_incomplete_analysis_is_not_kept(keyed, upstream):
    serve(upstream, failing=("summary",))
    first, _ = view(keyed, upstream)
    assert "IdentityCall is unreachable right now." in first
    upstream.reset()
    serve(upstream)

    second, calls = view(keyed, upstream)

    assert calls == [RECORDING, *ANALYSIS]
    assert "The caller was charged twice." in second
    assert view(keyed, upstream)[1] == [RECORDING]


def test_a_recording_still_processing_keeps_nothing(keyed, upstream):
    serve(upstream, status="processing")

    view(keyed, upstream)
    html, calls = view(keyed, upstream)

    assert calls == [RECORDING, *ANALYSIS]
    assert "will be ready when processing completes" in html


def test_the_kept_analysis_is_asked_for_again_after_ten_minutes(keyed, upstream, monkeypatch):
    serve(upstream)
    view(keyed, upstream)
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + analysis_cache.TTL_SECONDS - 5)
    assert view(keyed, upstream)[1] == [RECORDING]

    monkeypatch.setattr(time, "time", lambda: now + analysis_cache.TTL_SECONDS + 5)

    assert view(keyed, upstream)[1] == [RECORDING, *ANALYSIS]


@pytest.mark.parametrize("ref", [REF, REF.upper()])
def test_forget_analysis_drops_what_was_kept_for_that_recording(keyed, upstream, user, ref):
    serve(upstream)
    view(keyed, upstream)

    analysis_cache.forget_analysis(client_for(user), ref)

    assert view(keyed, upstream)[1] == [RECORDING, *ANALYSIS]
