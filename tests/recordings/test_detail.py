"""A recording's page: metadata, live status, then transcript, charts, results and summary."""

import json
import re
import threading
from datetime import timedelta

import pytest
from django.utils import timezone

from apps.identitycall.resources import Recording
from apps.recordings.analysis.timing import estimate_finish, parse_seconds
from apps.recordings.ingest.storage import keep_copy
from tests.factories import BASE
from tests.recordings.analysis_factories import (
    dialogue_json,
    long_dialogues,
    results_json,
    summary_json,
    transcription_json,
)
from tests.recordings.conftest import project_json, recording_json

REF = "018f3a00-0000-7000-8000-000000001001"
PAGE = f"/recordings/{REF}/"
HTMX = {"HTTP_HX_REQUEST": "true"}
NOT_READY = {"error": "Transcription not available"}


def fake_upstream(upstream, *, recording=None, transcription=None, results=None, summary=None,
                  sub_status=200, projects=True, **fields):
    """Register the four calls of the page (and the project list) and return nothing."""
    recording = recording or recording_json(id=1001, public_id=REF, **fields)
    upstream.get(f"{BASE}/recordings/{REF}", json={"data": recording})
    parts = {"transcription": transcription or transcription_json(),
             "results": results or results_json(), "summary": summary or summary_json()}
    for name, data in parts.items():
        status = sub_status[name] if isinstance(sub_status, dict) else sub_status
        body = {"data": data} if status == 200 else NOT_READY
        upstream.get(f"{BASE}/recordings/{REF}/{name}", json=body, status=status)
    if projects:
        upstream.get(f"{BASE}/projects", json={"data": [project_json(id=1, name="Support EN")]})


def called_paths(upstream):
    return sorted(call.request.path_url.removeprefix("/api/v1/public") for call in upstream.calls)


def html_of(response):
    return response.content.decode()


def region(html, element_id):
    """Return the outer HTML of the element with `element_id` up to its section's end."""
    match = re.search(rf'<section id="{element_id}".*?</section>', html, re.S)
    assert match, f"no #{element_id}"
    return match.group(0)


def iso(moment):
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


# --- statuses ------------------------------------------------------------------------------------


def test_a_pending_recording_shows_when_it_is_expected_and_polls_its_status(keyed, upstream):
    created = timezone.now().replace(microsecond=0) - timedelta(seconds=10)
    fake_upstream(upstream, status="pending", duration_ms=185_000, created_at=iso(created),
                  sub_status=422)

    response = keyed.get(PAGE)

    html = html_of(response)
    assert response.status_code == 200
    assert '<span class="badge badge--pending">Pending</span>' in html
    earliest, latest = created + timedelta(seconds=30), created + timedelta(seconds=60)
    assert (f'Expected by <time datetime="{earliest.isoformat()}">{earliest:%H:%M}</time>–'
            f'<time datetime="{latest.isoformat()}">{latest:%H:%M}</time>') in html
    assert "typically 30–60 s for a call of this length" in html
    assert f'hx-get="/recordings/{REF}/status/?was=pending" hx-trigger="every 4s"' in html
    assert "will be ready when processing completes" in html
    assert 'id="transcript"' not in html


def test_a_processing_recording_that_runs_late_says_so(keyed, upstream):
    fake_upstream(upstream, status="processing", duration_ms=20 * 60_000,
                  created_at="2026-04-15T10:00:00Z", sub_status=422)

    html = html_of(keyed.get(PAGE))

    assert '<span class="badge badge--processing">Processing</span>' in html
    assert ("Taking longer than the usual 3–10 min for a call of this length "
            "(expected by 10:10).") in html
    assert f'hx-get="/recordings/{REF}/status/?was=processing-late"' in html


def test_a_completed_recording_shows_all_four_panels_and_stops_polling(keyed, upstream):
    fake_upstream(upstream, name="Refund call")

    response = keyed.get(PAGE)

    html = html_of(response)
    assert response.status_code == 200
    assert '<span class="badge badge--completed">Completed</span>' in html
    assert "hx-trigger=\"every" not in html
    assert "The caller was charged twice." in region(html, "summary")
    assert "Greeting" in region(html, "results")
    assert "data-timeline-svg" in region(html, "timeline")  # under the player
    transcript = region(html, "transcript")
    assert transcript.count('<li id="t-') == 3
    for fmt in ("txt", "srt", "vtt", "json"):
        assert f'href="/recordings/{REF}/export.{fmt}"' in transcript
    assert called_paths(upstream) == [
        "/projects",
        f"/recordings/{REF}",
        f"/recordings/{REF}/results",
        f"/recordings/{REF}/summary",
        f"/recordings/{REF}/transcription",
    ]


def test_a_failed_recording_shows_a_designed_failed_state(keyed, upstream):
    fake_upstream(upstream, status="failed", sub_status=422)

    html = html_of(keyed.get(PAGE))

    assert '<span class="badge badge--failed">Failed</span>' in html
    assert "<h2 id=\"failed-title\">Processing failed</h2>" in html
    # Without a kept copy, a retry asks for the file again (recordings:retry's own page).
    assert f'<a class="btn btn--primary" href="/recordings/{REF}/retry/">Retry…</a>' in html
    assert f'href="/recordings/{REF}/delete/"' in html
    assert "hx-trigger=\"every" not in html


def test_the_metadata_lists_project_language_times_ids_and_counts(keyed, upstream):
    fake_upstream(upstream, external_id="crm-call-abc-123", language="lt", duration_ms=125_400,
                  dialogues_count=3, keywords_detected=1, pauses_detected=2)

    html = html_of(keyed.get(PAGE))

    facts = re.search(r'<dl id="meta".*?</dl>', html, re.S).group(0)
    assert "<dd>Support EN</dd>" in facts
    assert "<dd>lt</dd>" in facts
    assert "<dd>2:05</dd>" in facts
    assert '<time datetime="2026-04-15T10:00:00+00:00">15 Apr 2026, 10:00 UTC</time>' in facts
    assert "<code>crm-call-abc-123</code>" in facts
    assert f"<code>{REF}</code> · <code>#1001</code>" in facts
    assert "3 turns" in facts and "1 keyword " in facts and "2 pauses" in facts


def test_project_names_are_listed_once_and_then_reused(keyed, upstream):
    fake_upstream(upstream)

    keyed.get(PAGE)
    keyed.get(PAGE)

    assert sum(1 for call in upstream.calls if call.request.path_url.endswith("/projects")) == 1


# --- the four calls ------------------------------------------------------------------------------


def test_the_four_upstream_calls_are_made_at_the_same_time(keyed, upstream):
    # Proved by structure, not by a stopwatch: each answer waits at a barrier that opens only
    # when all four calls are in flight at once, each on its own thread. Made one after another,
    # the first would wait alone until the barrier gives up (a deadline for failing, not a
    # timing assertion) and answer 500.
    together = threading.Barrier(4, timeout=30)
    events, lock = [], threading.Lock()

    def held(body):
        def answer(request):
            with lock:
                events.append(("in", threading.get_ident()))
            try:
                together.wait()
            except threading.BrokenBarrierError:
                with lock:
                    events.append(("alone", threading.get_ident()))
                return 500, {}, ""
            with lock:
                events.append(("out", threading.get_ident()))
            return 200, {"Content-Type": "application/json"}, body
        return answer

    recording = json.dumps({"data": recording_json(id=1001, public_id=REF)})
    upstream.add_callback("GET", f"{BASE}/recordings/{REF}", callback=held(recording))
    for name, data in (("transcription", transcription_json()), ("results", results_json()),
                       ("summary", summary_json())):
        upstream.add_callback("GET", f"{BASE}/recordings/{REF}/{name}",
                              callback=held(json.dumps({"data": data})))
    upstream.get(f"{BASE}/projects", json={"data": []})

    response = keyed.get(PAGE)

    assert response.status_code == 200
    assert [kind for kind, _ in events] == ["in"] * 4 + ["out"] * 4  # all four overlapped
    assert len({thread for _, thread in events}) == 4  # on four distinct threads
    assert "my card was charged twice" in html_of(response)  # and the page used their answers


@pytest.mark.parametrize("status", [422, 404, 409, 202])
def test_sub_resources_that_are_not_ready_say_they_will_be_ready_later(keyed, upstream, status):
    fake_upstream(upstream, status="processing", sub_status=status)

    response = keyed.get(PAGE)

    assert response.status_code == 200
    assert "will be ready when processing completes" in html_of(response)


@pytest.mark.parametrize("status", [422, 404, 409, 202])
def test_the_analysis_partial_tolerates_every_not_ready_answer(keyed, upstream, status):
    fake_upstream(upstream, sub_status=status, projects=False)

    response = keyed.get(f"/recordings/{REF}/analysis/", **HTMX)

    html = html_of(response)
    assert response.status_code == 200
    assert "The transcript is still being prepared, checking again…" in html
    assert "The results are still being prepared, checking again…" in html
    assert "The summary is still being prepared, checking again…" in html


def test_each_panel_degrades_on_its_own(keyed, upstream):
    fake_upstream(upstream, sub_status={"transcription": 200, "results": 404, "summary": 500})

    html = html_of(keyed.get(PAGE))

    assert "The results are still being prepared, checking again…" in region(html, "results")
    assert "IdentityCall is unreachable right now." in region(html, "summary")
    assert region(html, "transcript").count('class="line ') == 3
    assert "data-timeline-svg" in region(html, "timeline")  # under the player


def assert_not_found_page(response):
    """The recording's not-found page, saying why, and nothing of a recording."""
    html = response.content.decode()
    assert response.status_code == 404
    assert re.search(r"<h1[^>]*>Recording not found</h1>", html)
    assert "It may have been deleted, or your API key cannot see it." in html
    assert 'id="meta"' not in html and "transcript" not in html.lower()


def test_a_recording_identitycall_does_not_know_is_not_found(keyed, upstream):
    upstream.get(f"{BASE}/recordings/{REF}", json={"error": "Resource not found"}, status=404)
    for name in ("transcription", "results", "summary"):
        upstream.get(f"{BASE}/recordings/{REF}/{name}", json={"error": "Resource not found"},
                     status=404)
    upstream.get(f"{BASE}/projects", json={"data": []})  # asked alongside, for the names

    response = keyed.get(PAGE)

    html = response.content.decode()
    assert response.status_code == 404
    assert "Recording not found" in html
    assert "It may have been deleted, or your API key cannot see it." in html
    assert 'href="/recordings/">All recordings</a>' in html
    assert 'id="meta"' not in html and "transcript" not in html.lower()


@pytest.mark.parametrize("ref", ["abc", "12ab", "018f3a00-0000-7000-8000", "..", "1" * 20,
                                 "١٢٣", "²"])
def test_a_malformed_id_is_not_found_without_asking_identitycall(keyed, upstream, ref):
    for suffix in ("", "status/", "analysis/"):
        response = keyed.get(f"/recordings/{ref}/{suffix}", **HTMX)
        assert response.status_code == 404
        assert "It may have been deleted" in response.content.decode()
    assert_not_found_page(keyed.get(f"/recordings/{ref}/"))

    assert len(upstream.calls) == 0


def test_the_legacy_integer_id_works_and_links_use_the_public_id(keyed, upstream):
    upstream.get(f"{BASE}/recordings/1001", json={"data": recording_json(id=1001, public_id=REF)})
    for name, data in (("transcription", transcription_json()), ("results", results_json()),
                       ("summary", summary_json())):
        upstream.get(f"{BASE}/recordings/1001/{name}", json={"data": data})
    upstream.get(f"{BASE}/projects", json={"data": []})

    html = html_of(keyed.get("/recordings/1001/"))

    assert f'href="/recordings/{REF}/export.txt"' in html


# --- status polling ------------------------------------------------------------------------------


def test_the_status_poll_renders_the_status_region_while_processing(keyed, upstream):
    upstream.get(f"{BASE}/recordings/{REF}",
                 json={"data": recording_json(id=1001, public_id=REF, status="processing")})

    response = keyed.get(f"/recordings/{REF}/status/?was=pending", **HTMX)

    html = html_of(response)
    assert response.status_code == 200
    assert '<span class="badge badge--processing">Processing</span>' in html
    assert f'hx-get="/recordings/{REF}/status/?was=processing' in html
    assert "HX-Request" in response["Vary"]
    assert called_paths(upstream) == [f"/recordings/{REF}"]


def test_the_status_poll_answers_204_while_nothing_changes(keyed, upstream):
    created = iso(timezone.now())
    upstream.get(f"{BASE}/recordings/{REF}", json={"data": recording_json(
        id=1001, public_id=REF, status="processing", created_at=created)})

    response = keyed.get(f"/recordings/{REF}/status/?was=processing", **HTMX)

    assert response.status_code == 204
    assert response.content == b""


def test_the_status_poll_stops_with_286_and_loads_the_analysis_once_completed(keyed, upstream):
    upstream.get(f"{BASE}/recordings/{REF}", json={"data": recording_json(id=1001, public_id=REF)})

    response = keyed.get(f"/recordings/{REF}/status/?was=processing", **HTMX)

    html = html_of(response)
    assert response.status_code == 286
    assert '<span class="badge badge--completed">Completed</span>' in html
    assert "every 4s" not in html
    assert (f'<div hx-get="/recordings/{REF}/analysis/" hx-trigger="load" hx-target="#analysis" '
            'hx-swap="outerHTML"></div>') in html


def test_the_status_poll_stops_for_a_failed_recording_too(keyed, upstream):
    upstream.get(f"{BASE}/recordings/{REF}",
                 json={"data": recording_json(id=1001, public_id=REF, status="failed")})

    response = keyed.get(f"/recordings/{REF}/status/?was=processing", **HTMX)

    assert response.status_code == 286
    assert "Processing failed." in html_of(response)


def test_a_rate_limited_status_poll_waits_as_long_as_identitycall_asks(keyed, upstream):
    upstream.get(f"{BASE}/recordings/{REF}", json={"error": "Too many requests"}, status=429,
                 headers={"Retry-After": "17"})

    response = keyed.get(f"/recordings/{REF}/status/?was=processing", **HTMX)

    html = html_of(response)
    assert response.status_code == 200
    assert 'hx-trigger="every 17s"' in html
    assert "checking again in 17 s" in html


def test_the_status_url_without_htmx_goes_back_to_the_page(keyed, upstream):
    response = keyed.get(f"/recordings/{REF}/status/")

    assert response.status_code == 302
    assert response["Location"] == PAGE
    assert len(upstream.calls) == 0


def test_the_analysis_partial_brings_the_panels_and_fresh_metadata(keyed, upstream):
    fake_upstream(upstream, projects=False, duration_ms=65_000)

    response = keyed.get(f"/recordings/{REF}/analysis/", **HTMX)

    html = html_of(response)
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="analysis" class="analysis">')
    assert '<dl id="meta" class="facts recording__facts" hx-swap-oob="true">' in html
    assert "<dd>1:05</dd>" in html
    assert 'id="transcript"' in html and 'id="summary"' in html
    assert "<html" not in html
    assert len(upstream.calls) == 4


def test_the_analysis_url_without_htmx_goes_back_to_the_page(keyed, upstream):
    response = keyed.get(f"/recordings/{REF}/analysis/")

    assert response.status_code == 302
    assert response["Location"] == PAGE


# --- transcript ----------------------------------------------------------------------------------


def test_the_transcript_shows_speakers_times_and_emotions(keyed, upstream):
    fake_upstream(upstream)

    transcript = region(html_of(keyed.get(PAGE)), "transcript")

    lines = re.findall(r'<li.*?</li>', transcript, re.S)
    assert len(lines) == 3
    first = lines[0]
    assert 'id="t-0"' in first and "speaker--0" in first
    assert '<a class="line__time" href="?t=0#t-0">0:00</a>' in first
    assert '<span class="line__speaker">Ada Agent</span>' in first  # the voice profile's name
    assert '<span aria-hidden="true">☺</span> Happy' in first
    assert '<span class="line__speaker">Speaker 2</span>' in lines[1]  # else the label
    assert "speaker--1" in lines[1] and "Angry" in lines[1]
    assert '<a class="line__time" href="?t=62#t-62">1:02</a>' in lines[2]


@pytest.mark.parametrize(("query", "marked"), [("62", 2), ("7", 1), ("1:02", 2), ("0", 0)])
def test_a_deep_link_marks_the_line_playing_at_that_moment(keyed, upstream, query, marked):
    fake_upstream(upstream)

    transcript = region(html_of(keyed.get(f"{PAGE}?t={query}")), "transcript")

    lines = re.findall(r'<li.*?</li>', transcript, re.S)
    assert ["line--target" in line for line in lines] == [n == marked for n in range(3)]


def test_a_garbage_deep_link_marks_nothing(keyed, upstream):
    fake_upstream(upstream)

    assert "line--target" not in html_of(keyed.get(f"{PAGE}?t=soon"))


def test_parse_seconds_reads_seconds_and_clock_times():
    assert parse_seconds("75") == 75
    assert parse_seconds("75.9") == 75
    assert parse_seconds("1:15") == 75
    assert parse_seconds("1:01:15") == 3675
    assert [parse_seconds(raw) for raw in ("", None, "-5", "1e9", "9" * 20)] == [None] * 5


def test_a_search_marks_every_match_case_insensitively(keyed, upstream):
    fake_upstream(upstream)

    transcript = region(html_of(keyed.get(f"{PAGE}?q=CHARGE")), "transcript")

    assert "Hi, my card was <mark>charge</mark>d twice." in transcript
    assert "Let me refund the second <mark>charge</mark>." in transcript
    assert "2 matches for “CHARGE”" in transcript
    assert 'value="CHARGE"' in transcript


def test_a_search_with_no_match_says_so(keyed, upstream):
    fake_upstream(upstream)

    transcript = region(html_of(keyed.get(f"{PAGE}?q=mortgage")), "transcript")

    assert "No matches for “mortgage”" in transcript
    assert "<mark>" not in transcript


def test_upstream_markup_and_template_syntax_stay_literal_even_when_searched(keyed, upstream):
    hostile = "<script>alert(1)</script> {{ x }} {% now 'Y' %}"
    fake_upstream(
        upstream,
        name=hostile,
        transcription=transcription_json([
            dialogue_json(1, 0, 1_000, hostile, speaker="<b>Boss</b>", profile="{{ user }}"),
        ]),
        results=results_json(goals=[{"goal_id": 1, "goal_name": hostile, "met": True,
                                     "score": 0.9, "explanation": hostile}]),
        summary=summary_json(summary=hostile, speakers=[hostile]),
    )

    html = html_of(keyed.get(f"{PAGE}?q=script"))

    assert "<script>alert" not in html
    assert "<b>Boss</b>" not in html
    assert ("&lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt; {{ x }} "
            "{% now &#x27;Y&#x27; %}") in html
    assert '<span class="line__speaker">{{ user }}</span>' in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; {{ x }}" in region(html, "summary")
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 5


# --- results and summary -------------------------------------------------------------------------


def test_goals_show_outcome_score_band_and_explanation(keyed, upstream):
    fake_upstream(upstream)

    results = region(html_of(keyed.get(PAGE)), "results")

    rows = re.findall(r"<tr>.*?</tr>", results, re.S)
    greeting = next(row for row in rows if "Greeting" in row)
    assert "Met<" in greeting and "95%" in greeting and "Strongly achieved" in greeting
    assert "The agent greeted the caller by name." in greeting
    upsell = next(row for row in rows if "Upsell" in row)
    assert "Not met" in upsell and "30%" in upsell and "Weakly achieved" in upsell


@pytest.mark.parametrize(("score", "band"), [
    (1.0, "Strongly achieved"), (0.9, "Strongly achieved"), (0.89, "Achieved"),
    (0.7, "Achieved"), (0.5, "Partially achieved"), (0.3, "Weakly achieved"),
    (0.29, "Not achieved"), (0.0, "Not achieved"),
])
def test_every_documented_band_is_named(keyed, upstream, score, band):
    fake_upstream(upstream, results=results_json(goals=[
        {"goal_id": 1, "goal_name": "Goal", "met": score >= 0.5, "score": score,
         "explanation": ""}]))

    results = region(html_of(keyed.get(PAGE)), "results")

    assert f'<td data-label="Band">{band}</td>' in results


def test_keywords_show_sentiment_count_and_link_to_their_moments(keyed, upstream):
    fake_upstream(upstream)

    results = region(html_of(keyed.get(PAGE)), "results")

    row = next(r for r in re.findall(r"<tr>.*?</tr>", results, re.S) if "refund" in r)
    assert '<span class="sentiment sentiment--negative">Negative</span>' in row
    assert '<td data-label="Count" class="num">2</td>' in row
    assert '<a class="moment" href="?t=5#t-5" data-seek="6000">0:06</a>' in row
    assert '<a class="moment" href="?t=62#t-62" data-seek="63000">1:03</a>' in row


def test_results_without_keywords_say_they_are_not_provided(keyed, upstream):
    data = results_json()
    del data["keywords"]
    fake_upstream(upstream, results=data)

    results = region(html_of(keyed.get(PAGE)), "results")

    assert "IdentityCall did not report keywords for this recording" in results


def test_an_empty_keyword_list_means_none_was_heard(keyed, upstream):
    fake_upstream(upstream, results=results_json(keywords=[]))

    results = region(html_of(keyed.get(PAGE)), "results")

    assert "None of the project's keywords was heard in this call." in results


def test_pauses_show_compliance_and_link_to_the_line_they_follow(keyed, upstream):
    fake_upstream(upstream)

    results = region(html_of(keyed.get(PAGE)), "results")

    rows = [r for r in re.findall(r"<tr>.*?</tr>", results, re.S) if 'data-label="Compliance"' in r]
    assert len(rows) == 2
    assert '<a class="moment" href="?t=5#t-5" data-seek="9250">0:09</a>' in rows[0]
    assert "53.1 s" in rows[0] and "Not compliant" in rows[0]
    assert '<a class="moment" href="?t=0#t-0" data-seek="4500">0:04</a>' in rows[1]
    assert "Compliant<" in rows[1]


def test_the_summary_shows_text_speakers_and_goal_achievement(keyed, upstream):
    fake_upstream(upstream)

    summary = region(html_of(keyed.get(PAGE)), "summary")

    assert "<p>The caller was charged twice.</p>" in summary
    assert "<p>The agent refunded the second charge.</p>" in summary
    speakers = re.findall(r'<span class="summary__speaker[^"]*">(.*?)</span>', summary)
    assert speakers == ["Ada Agent", "Speaker 2"]  # named as everywhere (speakers.py)
    assert 'value="62.5"></meter> 62.5%' in summary


# --- playback ------------------------------------------------------------------------------------


def test_a_recording_uploaded_through_the_console_gets_a_player(keyed, upstream, user, tmp_path,
                                                                 settings):
    settings.MEDIA_ROOT = tmp_path
    source = tmp_path / "call.wav"
    source.write_bytes(b"RIFF....WAVE")
    keep_copy(recording=Recording(id=1001, public_id=REF), path=str(source),
              original_name="call.wav", sha256="0" * 64, user=user)
    fake_upstream(upstream)

    html = html_of(keyed.get(PAGE))

    assert (f'<audio id="player" class="player__audio" controls preload="metadata" '
            f'src="/recordings/{REF}/audio">') in html
    assert "Auto-scroll the transcript with the audio" in html


def test_other_recordings_say_no_audio_is_available(keyed, upstream):
    fake_upstream(upstream)

    html = html_of(keyed.get(PAGE))

    assert "<audio" not in html
    assert "No audio available: the console plays only files uploaded through it." in html


def test_with_retention_the_no_audio_sentence_says_how_long_copies_are_kept(
    keyed, upstream, settings
):
    settings.AUDIO_RETENTION_DAYS = 30
    fake_upstream(upstream)

    html = html_of(keyed.get(PAGE))

    assert ("No audio available: the console plays only files uploaded through it, and keeps "
            "them for 30 days." in html)


def test_a_kept_copy_whose_file_is_gone_shows_no_broken_player(
    keyed, upstream, user, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    source = tmp_path / "call.wav"
    source.write_bytes(b"RIFF....WAVE")
    stored = keep_copy(recording=Recording(id=1001, public_id=REF), path=str(source),
                       original_name="call.wav", sha256="0" * 64, user=user)
    stored.file.storage.delete(stored.file.name)
    fake_upstream(upstream)

    html = html_of(keyed.get(PAGE))

    assert "<audio" not in html
    assert "No audio available" in html


# --- the estimate and scale ----------------------------------------------------------------------


@pytest.mark.parametrize(("minutes", "low", "high"), [
    (0.5, 30, 60), (4.9, 30, 60), (5, 60, 180), (14.9, 60, 180), (15, 180, 600), (60, 180, 600),
    (61, 600, 1200), (180, 600, 1200),
])
def test_the_estimate_follows_the_faq_processing_time_table(minutes, low, high):
    created = timezone.now()
    recording = Recording(status="pending", created_at=created, duration_ms=int(minutes * 60_000))

    eta = estimate_finish(recording)

    assert eta.earliest == created + timedelta(seconds=low)
    assert eta.latest == created + timedelta(seconds=high)
    assert not eta.overdue


def test_no_estimate_without_a_duration_or_after_processing():
    now = timezone.now()
    assert estimate_finish(Recording(status="pending", created_at=now)) is None
    assert estimate_finish(Recording(status="completed", created_at=now, duration_ms=1)) is None


def test_a_fifteen_hundred_turn_call_shows_every_line_on_first_and_repeat_views(keyed, upstream):
    # Its speed is bench/detail_fanout.py's to show (first and repeat views, against one call).
    fake_upstream(upstream, transcription=transcription_json(long_dialogues(1500)),
                  duration_ms=3_000_000)

    first = html_of(keyed.get(PAGE))
    again = html_of(keyed.get(f"{PAGE}?t=1500"))

    for html in (first, again):
        transcript = region(html, "transcript")
        assert transcript.count('class="line ') == 1500
        assert transcript.count('<li id="t-') == 1500
        svg = region(html, "timeline")
        assert svg.count("<rect x=") >= 1500  # a bar per dialogue in the timeline
    assert '<li id="t-1500" class="line speaker--0 line--target"' in again
