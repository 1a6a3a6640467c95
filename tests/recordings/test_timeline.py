"""The timeline under the player (apps/recordings/timeline.py): its markers, its drawing in the
call's own units; the window a view shows and the axis labels under it (timeline_window.py)."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.http import QueryDict

from apps.identitycall.resources import Results
from apps.recordings import timeline, timeline_window
from apps.recordings.analysis.transcript import ordered_dialogues, speakers_of
from tests.recordings.analysis_factories import (
    as_results,
    as_transcription,
    dialogue_json,
    long_dialogues,
    results_json,
)

SVG = "{http://www.w3.org/2000/svg}"


def parts_of(dialogues_json=None, results=None, duration_ms=65_000):
    dialogues = ordered_dialogues(as_transcription(dialogues_json))
    speakers = speakers_of(dialogues)
    results = as_results() if results is None else results
    return timeline.build(dialogues, speakers, results, duration_ms), dialogues


def drawing(parts):
    """Return the timeline's <svg> as XML (the template wraps `parts.svg` the same way)."""
    return ET.fromstring(f'<svg xmlns="http://www.w3.org/2000/svg">{parts.svg}</svg>')


# --- the markers ---------------------------------------------------------------------------------


def test_every_keyword_hit_is_a_marker_linked_to_the_line_playing_then():
    dialogues = ordered_dialogues(as_transcription())

    found = timeline.markers(as_results(), dialogues, 65_000)

    keywords = [marker for marker in found if marker.kind == "keyword"]
    assert [(m.ms, m.second, m.tone) for m in keywords] == [(6_000, 5, "negative"),
                                                            (63_000, 62, "negative")]
    assert keywords[0].label == "Keyword “refund” (negative) at 0:06"


def test_only_pauses_that_were_too_long_are_markers():
    dialogues = ordered_dialogues(as_transcription())

    pauses = [m for m in timeline.markers(as_results(), dialogues, 65_000) if m.kind == "pause"]

    assert [(m.ms, m.second, m.label) for m in pauses] == [
        (9_250, 5, "Long pause of 53.1 s at 0:09")]


@pytest.mark.parametrize(("explanation", "moments"), [
    ("The agent verified identity at 00:42.", [42_000]),
    ("Greeted at 0:05, then again at 1:01:02.", [5_000]),  # 1:01:02 is past the call's end
    ("Resolution offered at 1:00:03 and confirmed at 1:30:00.", [3_603_000, 5_400_000]),
    ("Call booked for 10:30 tomorrow; ref 12:345; ratio 3:1.", [630_000]),
    ("No time was named.", []),
    ("", []),
])
def test_goal_evidence_is_the_moments_an_explanation_names_within_the_call(explanation,
                                                                            moments):
    duration = 3_600_000 if "1:00:03" not in explanation else 7_200_000
    assert timeline.evidence_times(explanation, duration) == moments


def test_goal_markers_say_which_goal_and_whether_it_was_met():
    results = Results.from_api(results_json(goals=[
        {"goal_id": 1, "goal_name": "Greeting", "met": True, "score": 0.9,
         "explanation": "Greeted by name at 00:01."},
        {"goal_id": 2, "goal_name": None, "met": False, "score": 0.1,
         "explanation": "Disclosure only at 01:03, too late."},
    ]))
    dialogues = ordered_dialogues(as_transcription())

    goals = [m for m in timeline.markers(results, dialogues, 65_000) if m.kind == "goal"]

    assert [(m.ms, m.second, m.tone, m.label) for m in goals] == [
        (1_000, 0, "met", "Goal “Greeting” (met) at 0:01"),
        (63_000, 62, "missed", "Goal “Goal 2” (not met) at 1:03"),
    ]


def test_markers_come_in_time_order_and_none_without_results():
    dialogues = ordered_dialogues(as_transcription())
    results = Results.from_api(results_json(goals=[
        {"goal_id": 1, "goal_name": "G", "met": True, "score": 1, "explanation": "at 0:06"}]))

    found = timeline.markers(results, dialogues, 65_000)

    assert [(m.ms, m.kind) for m in found] == [(6_000, "goal"), (6_000, "keyword"),
                                               (9_250, "pause"), (63_000, "keyword")]
    assert timeline.markers(None, dialogues) == []


# --- the drawing ---------------------------------------------------------------------------------


def test_a_row_per_kind_of_marker_then_a_lane_per_speaker():
    parts, _ = parts_of()

    assert [(row.label, row.kind, row.count) for row in parts.rows] == [
        ("Keywords", "keyword", 2), ("Long pauses", "pause", 1),
        ("Ada Agent", "speaker", 2), ("Speaker 2", "speaker", 1)]
    assert parts.height == 4 * timeline.ROW
    assert parts.duration_ms == 65_000


def test_turns_and_markers_are_drawn_in_seconds_so_a_viewbox_picks_the_stretch():
    parts, _ = parts_of()
    svg = drawing(parts)

    lanes = {lane.get("data-lane"): lane for lane in svg.iter(f"{SVG}g")
             if lane.get("data-lane")}
    caller = lanes["Speaker 2"].findall(f"{SVG}rect")
    assert [(rect.get("x"), rect.get("width")) for rect in caller] == [("5.0", "4.2")]
    assert len(lanes["Ada Agent"].findall(f"{SVG}rect")) == 2
    links = list(svg.iter(f"{SVG}a"))
    assert [(a.get("href"), a.get("data-seek")) for a in links] == [
        ("?t=5#t-5", "6000"), ("?t=62#t-62", "63000"), ("?t=5#t-5", "9250")]
    assert links[0].find(f"{SVG}line").get("x1") == "6.0"
    assert links[0].find(f"{SVG}title").text == "Keyword “refund” (negative) at 0:06"


def test_each_row_of_markers_is_one_tab_stop():
    parts, _ = parts_of()

    rows = [group for group in drawing(parts).iter(f"{SVG}g")
            if "timeline__markers" in (group.get("class") or "")]

    assert [row.get("aria-label") for row in rows] == ["Keywords: 2", "Long pauses: 1"]
    keywords = rows[0].findall(f"{SVG}a")
    assert [a.get("tabindex") for a in keywords] == [None, "-1"]


def test_every_pause_is_shaded_across_the_lanes_and_long_ones_stand_out():
    parts, _ = parts_of()

    bands = [rect for rect in drawing(parts).iter(f"{SVG}rect")
             if "timeline__band" in (rect.get("class") or "")]

    drawn = [(band.get("x"), band.get("width"), "--long" in band.get("class")) for band in bands]
    assert drawn == [("9.2", "53.1", True), ("4.5", "0.5", False)]
    lanes_top = 2 * timeline.ROW
    assert {band.get("y") for band in bands} == {str(lanes_top)}


def test_upstream_names_stay_text_in_the_drawing():
    hostile = [dialogue_json(1, 0, 1_000, "Hi", speaker='<b x="1">Boss</b>')]
    results = Results.from_api(results_json(keywords=[
        {"keyword_id": 1, "keyword_name": '"><script>', "sentiment": "x", "count": 1,
         "timestamps_ms": [500]}], pauses=[], goals=[]))

    parts, _ = parts_of(hostile, results, 1_000)

    assert "<script>" not in parts.svg and "<b " not in parts.svg
    drawing(parts)  # still well-formed


def test_a_two_hour_call_draws_a_bar_per_turn_and_stays_small():
    parts, _ = parts_of(long_dialogues(1500), Results(), 7_200_000)

    assert parts.svg.count("<rect ") == 1500
    assert len(parts.svg) < 120_000


# --- the window and the axis ---------------------------------------------------------------------


@pytest.mark.parametrize(("query", "start", "span"), [
    ("", 0, 0),
    ("span=600&from=1800", 1800, 600),
    ("span=600&from=7000", 6600, 600),  # kept inside the call
    ("span=600&from=-5", 0, 600),
    ("span=601&from=10", 0, 0),  # not a choice on offer
    ("span=600&from=1e3", 0, 600),
    ("span=600&from=١٢", 0, 600),
    ("span=7200", 0, 0),  # as long as the call: the whole call
])
def test_the_window_is_a_zoom_on_offer_always_inside_the_call(query, start, span):
    view = timeline_window.window(QueryDict(query), 7_200_000)

    assert (view.start, view.span) == (start, span)
    assert 0 <= view.start <= view.end <= 7200


def test_the_window_says_what_it_shows_and_where_earlier_and_later_go():
    view = timeline_window.window(QueryDict("span=600&from=1800"), 7_200_000)

    assert view.text == "30:00–40:00 of 2:00:00"
    assert (view.earlier, view.later, view.width) == (1320, 2280, 600)
    whole = timeline_window.window(QueryDict(""), 7_200_000)
    assert whole.text == "The whole call, 2:00:00"
    assert (whole.earlier, whole.later) == (None, None)
    assert timeline_window.window(QueryDict("span=600&from=0"), 7_200_000).earlier is None
    assert timeline_window.window(QueryDict("span=600&from=6600"), 7_200_000).later is None


def test_only_zooms_shorter_than_the_call_are_offered():
    assert [span for span, _ in timeline_window.spans_for(7_200_000)] == [0, 1800, 600, 300, 60]
    assert [span for span, _ in timeline_window.spans_for(185_000)] == [0, 60]


def test_the_axis_of_a_two_hour_call_ends_on_its_length_never_cut_off():
    ticks = timeline_window.ticks(timeline_window.window(QueryDict(""), 7_200_000))

    assert [tick.label for tick in ticks] == ["0:00", "30:00", "1:00:00", "2:00:00"]
    assert [tick.anchor for tick in ticks] == ["start", "middle", "middle", "end"]
    assert ticks[-1].pct == 100


def test_a_zoomed_axis_counts_minutes():
    def ticks(query):
        return timeline_window.ticks(timeline_window.window(QueryDict(query), 7_200_000))

    assert [tick.label for tick in ticks("span=300&from=1830")] == ["32:00", "34:00"]
    assert all(0 <= tick.pct <= 100 for tick in ticks("span=300&from=1830"))
    assert len(ticks("span=60&from=30")) <= 5


def test_the_timeline_template_draws_the_window_and_its_axis():
    from django.template.loader import render_to_string

    parts, _ = parts_of()
    view = timeline_window.window(QueryDict("span=60&from=5"), 65_000)
    html = render_to_string("recordings/_timeline.html", {
        "timeline": parts, "timeline_view": view, "timeline_ticks": timeline_window.ticks(view),
        "timeline_spans": timeline_window.spans_for(65_000), "ref": "1001"})

    svg = re.search(r'<svg class="timeline__svg".*?</svg>', html, re.S).group(0)
    assert f'viewBox="5 0 60 {parts.height}"' in svg
    assert 'preserveAspectRatio="none"' in svg and 'width="100%"' in svg
    assert "style=" not in html
    assert '<option value="60" selected>1 minute</option>' in html
    assert "0:05–1:05 of 1:05" in html
    ET.fromstring(svg)
