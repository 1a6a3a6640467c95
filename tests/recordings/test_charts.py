"""The analysis pane's inline SVG charts: geometry on the server, well-formed and compact.

Who spoke when is the timeline under the player now: tests/recordings/test_timeline.py.
"""

import re
import xml.etree.ElementTree as ET

from django.template.loader import render_to_string

from apps.identitycall.resources import Results
from apps.recordings.analysis import Part
from apps.recordings.analysis.transcript import ordered_dialogues, speakers_of
from apps.recordings.charts.emotions import MAX_BUCKETS, bucket, emotions
from apps.recordings.charts.layout import PLOT_X, whole_percentages
from apps.recordings.charts.talk_time import talk_time
from tests.recordings.analysis_factories import (
    as_transcription,
    dialogue_json,
    long_dialogues,
)

SVG = "{http://www.w3.org/2000/svg}"


def chart_context(dialogues_json=None, results=None):
    transcription = as_transcription(dialogues_json)
    dialogues = ordered_dialogues(transcription)
    speakers = speakers_of(dialogues)
    return {
        "fetched": type("F", (), {"transcription": Part(transcription)})(),
        "speakers": speakers,
        "talk_time": talk_time(speakers),
        "emotions": emotions(dialogues, speakers),
    }


def svgs(html):
    """Return every inline <svg> of `html` parsed as XML, keyed by its data-chart name."""
    found = {}
    for markup in re.findall(r"<svg class=\"chart__svg\".*?</svg>", html, re.S):
        element = ET.fromstring(markup)
        found[element.get("data-chart")] = element
    return found


def test_every_chart_is_well_formed_svg_with_a_title_and_a_description():
    html = render_to_string("recordings/_charts.html", chart_context())

    parsed = svgs(html)

    assert set(parsed) == {"talk-time", "emotions"}
    for svg in parsed.values():
        assert svg.get("role") == "img"
        labelled_by = svg.get("aria-labelledby").split()
        assert [svg.find(f"{SVG}title").get("id"), svg.find(f"{SVG}desc").get("id")] == labelled_by
    assert "style=" not in html  # the CSP allows no inline styles


def test_talk_time_percentages_add_up_to_one_hundred():
    svg = svgs(render_to_string("recordings/_charts.html", chart_context()))["talk-time"]

    shares = [int(rect.get("data-pct")) for rect in svg.iter(f"{SVG}rect")]

    assert sum(shares) == 100
    # Ada speaks 4.5 s + 2.655 s, the caller 4.25 s.
    assert shares == [63, 37]
    assert "Ada Agent: 0:07 (63%)" in svg.find(f"{SVG}desc").text


def test_whole_percentages_use_the_largest_remainders():
    assert whole_percentages([1, 1, 1]) == [34, 33, 33]
    assert whole_percentages([0, 0]) == [0, 0]
    assert sum(whole_percentages([7, 13, 29, 51, 3])) == 100


def test_emotions_are_bucketed_to_at_most_sixty_steps_per_speaker():
    transcription = as_transcription(long_dialogues(1500, speakers=3))
    dialogues = ordered_dialogues(transcription)
    speakers = speakers_of(dialogues)

    chart = emotions(dialogues, speakers)

    assert [panel.turns for panel in chart.panels] == [500, 500, 500]
    assert all(panel.buckets == MAX_BUCKETS for panel in chart.panels)
    for panel in chart.panels:
        for layer in panel.layers:
            points = layer.d.count(" ") + 1
            assert points <= 2 * MAX_BUCKETS * 2  # x and y for each point, twice


def test_bucketing_averages_consecutive_rows_evenly():
    rows = [[float(n), 1.0] for n in range(10)]

    assert bucket(rows, limit=5) == [[0.5, 1.0], [2.5, 1.0], [4.5, 1.0], [6.5, 1.0],
                                            [8.5, 1.0]]
    assert bucket(rows[:3], limit=60) == rows[:3]


def test_a_speaker_with_one_turn_still_gets_a_band_across_the_panel():
    transcription = as_transcription([dialogue_json(1, 0, 1_000, "Hello.", dominant="happy")])
    dialogues = ordered_dialogues(transcription)

    chart = emotions(dialogues, speakers_of(dialogues))

    happy = next(layer for layer in chart.panels[0].layers if layer.emotion == "happy")
    assert happy.d.startswith(f"M{PLOT_X} ")
    assert chart.panels[0].dominant == "happy"
    assert chart.panels[0].averages[0] == ("happy", "Happy", 72)


def test_speaker_names_with_markup_stay_text_inside_the_svg():
    hostile = [dialogue_json(1, 0, 1_000, "Hi", speaker="<script>alert(1)</script>{{ x }}")]
    html = render_to_string("recordings/_charts.html", chart_context(hostile, Results()))

    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;{{ x }}" in html
    svgs(html)  # still well-formed


def test_a_fifteen_hundred_turn_call_renders_its_charts_small():
    # How fast is bench/detail_fanout.py's to show.
    context = chart_context(long_dialogues(1500), Results())

    html = render_to_string("recordings/_charts.html", context)

    assert len(html) < 60_000
    assert set(svgs(html)) == {"talk-time", "emotions"}


def test_negative_or_nan_emotion_scores_count_as_zero():
    scores = {"happy": -0.5, "neutral": float("nan"), "calm": 0.5}
    transcription = as_transcription([dialogue_json(1, 0, 1_000, "Hi.", emotion=scores)])
    dialogues = ordered_dialogues(transcription)

    chart = emotions(dialogues, speakers_of(dialogues))

    panel = chart.panels[0]
    assert [layer.emotion for layer in panel.layers] == ["calm"]
    assert "nan" not in panel.layers[0].d
    assert dict((key, pct) for key, _, pct in panel.averages)["calm"] == 100
