"""The recording page laid out for reviewing a call: player and timeline, summary, transcript,
then the rest; a long call kept readable (keywords folded, the longest pauses first, the strongest
emotion shifts named); everything reachable without JavaScript."""

import re

from apps.identitycall.resources import Recording
from apps.recordings.analysis.results import FIRST_MOMENTS
from apps.recordings.analysis.transcript import ordered_dialogues, speakers_of
from apps.recordings.charts.emotions import emotions
from apps.recordings.ingest.storage import keep_copy
from tests.recordings.analysis_factories import (
    as_transcription,
    dialogue_json,
    long_dialogues,
    results_json,
    transcription_json,
)
from tests.recordings.test_detail import PAGE, REF, fake_upstream

HTMX = {"HTTP_HX_REQUEST": "true"}


def page(keyed, url=PAGE):
    response = keyed.get(url)
    assert response.status_code == 200
    return response.content.decode()


def positions(html, *markers):
    return [html.index(marker) for marker in markers]


def keep_audio(user, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    source = tmp_path / "call.wav"
    source.write_bytes(b"RIFF....WAVE")
    keep_copy(recording=Recording(id=1001, public_id=REF), path=str(source),
              original_name="call.wav", sha256="0" * 64, user=user)


# --- the layout ----------------------------------------------------------------------------------


def test_the_page_reads_player_timeline_summary_transcript_then_the_rest(keyed, upstream, user,
                                                                        tmp_path, settings):
    keep_audio(user, tmp_path, settings)
    fake_upstream(upstream)

    html = page(keyed)

    order = positions(html, '<audio id="player"', '<section id="timeline"', '<section id="summary"',
                      '<section id="transcript"', '<section id="speakers"',
                      '<section id="results"', '<section id="charts"')
    assert order == sorted(order)
    assert 'class="review review--audio"' in html


def test_without_audio_the_timeline_and_transcript_still_lead(keyed, upstream):
    fake_upstream(upstream)

    html = page(keyed)

    assert "<audio" not in html and "No audio available" in html
    order = positions(html, "No audio available", '<section id="timeline"',
                      '<section id="transcript"', '<section id="results"')
    assert order == sorted(order)
    # Every marker is a plain link to its line: the page works without JavaScript.
    assert '<a class="marker marker--negative" href="?t=5#t-5" data-seek="6000"' in html


def test_the_facts_fold_away_once_the_call_can_be_reviewed(keyed, upstream):
    fake_upstream(upstream)
    completed = page(keyed)
    upstream.reset()
    fake_upstream(upstream, status="processing", sub_status=422)

    processing = page(keyed)

    assert '<details class="recording__details">' in completed
    assert '<details class="recording__details" open>' in processing
    assert '<dl id="meta"' in completed and '<dl id="meta"' in processing


def test_the_player_survives_the_analysis_arriving_in_place(keyed, upstream, user, tmp_path,
                                                            settings):
    keep_audio(user, tmp_path, settings)
    fake_upstream(upstream, projects=False)

    html = keyed.get(f"/recordings/{REF}/analysis/", **HTMX).content.decode()

    assert '<div class="player__box" id="player-box" hx-preserve="true">' in html
    assert '<section id="timeline"' in html


def test_a_zoomed_timeline_is_a_link_away_without_javascript(keyed, upstream):
    fake_upstream(upstream, duration_ms=3_600_000,
                  transcription=transcription_json(long_dialogues(300)))

    html = page(keyed, f"{PAGE}?span=600&from=1200")

    assert re.search(r'viewBox="1200 0 600 \d+"', html)
    assert "20:00–30:00 of 1:00:00" in html
    assert 'href="?span=600&amp;from=720#timeline" data-pan="-1">Earlier</a>' in html
    assert 'href="?span=600&amp;from=1680#timeline" data-pan="1">Later</a>' in html
    assert '<option value="600" selected>10 minutes</option>' in html
    whole = page(keyed)
    assert re.search(r'viewBox="0 0 3600 \d+"', whole)
    assert "The whole call, 1:00:00" in whole


# --- a long call ---------------------------------------------------------------------------------


def test_a_keyword_heard_often_shows_its_first_moments_and_the_rest_behind_show_all(keyed,
                                                                                  upstream):
    moments = [n * 2_000 for n in range(40)]
    fake_upstream(upstream, transcription=transcription_json(long_dialogues(50)),
                  results=results_json(keywords=[
                      {"keyword_id": 1, "keyword_name": "refund", "sentiment": "negative",
                       "count": 40, "timestamps_ms": moments},
                      {"keyword_id": 2, "keyword_name": "thanks", "sentiment": "positive",
                       "count": 6, "timestamps_ms": moments[:6]}]))

    results = re.search(r'<section id="results".*?</section>', page(keyed), re.S).group(0)

    refund = next(row for row in re.findall(r"<tr>.*?</tr>", results, re.S) if "refund" in row)
    shown, _, folded = refund.partition("<details")
    assert shown.count('class="moment"') == FIRST_MOMENTS
    assert folded.count('class="moment"') == 40 - FIRST_MOMENTS
    assert ("<summary>Show all 40<span class=\"visually-hidden\"> times “refund” was heard"
            "</span></summary>") in refund
    thanks = next(row for row in re.findall(r"<tr>.*?</tr>", results, re.S) if "thanks" in row)
    assert "<details" not in thanks and thanks.count('class="moment"') == 6


def test_the_longest_ten_pauses_come_first_and_every_pause_is_behind_show_all(keyed, upstream):
    pauses = [{"start_ms": n * 10_000, "end_ms": n * 10_000 + (n % 7 + 1) * 1_000,
               "duration_ms": (n % 7 + 1) * 1_000 + n, "compliant": n % 7 < 4,
               "after_dialogue_id": None} for n in range(25)]
    fake_upstream(upstream, transcription=transcription_json(long_dialogues(200)),
                  results=results_json(pauses=pauses))

    results = re.search(r'<section id="results".*?</section>', page(keyed), re.S).group(0)

    longest, _, every = results.partition("<details class=\"results__more\">")
    durations = [float(d) for d in re.findall(r'data-label="Duration" class="num" '
                                              r'data-sort="([\d.]+)"', longest)]
    assert len(durations) == 10 and durations == sorted(durations, reverse=True)
    assert durations[0] == round(max(p["duration_ms"] for p in pauses) / 1000, 1)
    assert "The 10 longest of 25 pauses" in longest
    assert "<summary>Show all 25 pauses</summary>" in every
    starts = [int(ms) for ms in re.findall(r'data-label="At" data-sort="(\d+)"', every)]
    assert starts == sorted(starts) and len(starts) == 25


def test_a_few_pauses_need_no_show_all(keyed, upstream):
    fake_upstream(upstream)

    results = re.search(r'<section id="results".*?</section>', page(keyed), re.S).group(0)

    assert "results__more" not in results and "Longest first" in results


def test_the_emotion_chart_names_its_strongest_shifts_each_linked_to_its_moment(keyed,
                                                                                upstream):
    calm_then_angry = [
        dialogue_json(n + 1, n * 10_000, n * 10_000 + 4_000, f"Line {n}",
                      speaker="Speaker 1" if n % 2 == 0 else "Speaker 2",
                      dominant="calm" if n < 20 or n % 2 == 0 else "angry")
        for n in range(40)
    ]
    fake_upstream(upstream, transcription=transcription_json(calm_then_angry))

    charts = re.search(r'<section id="charts".*?</section>', page(keyed), re.S).group(0)

    assert "Each band is one emotion’s share of a speaker’s turns" in charts
    assert ('<a class="moment" href="?t=210#t-210" data-seek="210000">'
            "Speaker 2: calm → angry at 3:30</a>") in charts
    assert 'data-shift="1"' in charts


def test_shifts_are_the_strongest_few_in_time_order_and_none_for_a_steady_call():
    steady = ordered_dialogues(as_transcription(long_dialogues(300, speakers=2)))
    assert len(emotions(steady, speakers_of(steady)).shifts) <= 3

    calm = [dialogue_json(n + 1, n * 1_000, n * 1_000 + 500, "x", dominant="calm")
            for n in range(30)]
    dialogues = ordered_dialogues(as_transcription(calm))
    assert emotions(dialogues, speakers_of(dialogues)).shifts == ()

    mood = ["calm"] * 10 + ["angry"] * 10 + ["happy"] * 10
    swings = [dialogue_json(n + 1, n * 1_000, n * 1_000 + 500, "x", dominant=mood[n])
              for n in range(30)]
    dialogues = ordered_dialogues(as_transcription(swings))
    chart = emotions(dialogues, speakers_of(dialogues))
    assert [(s.number, s.before, s.after, s.ms) for s in chart.shifts] == [
        (1, "calm", "angry", 10_000), (2, "angry", "happy", 20_000)]
    assert chart.shifts[0].text == "Speaker 1: calm → angry at 0:10"
