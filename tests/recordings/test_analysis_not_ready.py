"""A completed recording whose transcript, results or summary is not ready yet: checked again."""

import re

import pytest

from apps.accounts.clients import client_for
from apps.recordings import analysis_cache
from tests.factories import BASE
from tests.recordings.analysis_factories import results_json, summary_json, transcription_json
from tests.recordings.conftest import recording_json

REF = "018f3a00-0000-7000-8000-000000003001"
PAGE = f"/recordings/{REF}/"
POLL = f"/recordings/{REF}/analysis/"
HTMX = {"HTTP_HX_REQUEST": "true"}
RECORDING = f"/recordings/{REF}"
PARTS = ("transcription", "results", "summary")
BODIES = {"transcription": transcription_json, "results": results_json, "summary": summary_json}
NOT_READY_BODY = {"error": "Results not available"}


def serve(upstream, *, not_ready=(), status=404, recording_status="completed"):
    """Register the recording, its three parts (those in `not_ready` answer `status`), projects."""
    upstream.get(f"{BASE}{RECORDING}",
                 json={"data": recording_json(id=3001, public_id=REF, status=recording_status)})
    for name in PARTS:
        if name in not_ready:
            upstream.get(f"{BASE}{RECORDING}/{name}", status=status, json=NOT_READY_BODY)
        else:
            upstream.get(f"{BASE}{RECORDING}/{name}", json={"data": BODIES[name]()})
    upstream.get(f"{BASE}/projects", json={"data": []})


def asked(upstream, since=0):
    """Return the upstream paths asked since call number `since`, projects left out."""
    paths = (call.request.path_url.removeprefix("/api/v1/public")
             for call in upstream.calls[since:])
    return sorted(path for path in paths if path != "/projects")


def section(html, element_id):
    match = re.search(rf'<section id="{element_id}".*?</section>', html, re.S)
    assert match, f"no #{element_id}"
    return match.group(0)


def poller(html):
    """Return the element that checks again, or None."""
    match = re.search(r'<div class="analysis__checking"[^>]*>', html)
    return match and match.group(0)


def poll(client, check, waiting):
    return client.get(f"{POLL}?check={check}&waiting={waiting}", **HTMX)


@pytest.mark.parametrize("status", [202, 404, 409, 422])
def test_a_part_not_ready_after_completion_is_being_prepared_not_missing(keyed, upstream, status):
    serve(upstream, not_ready=("results",), status=status)

    html = keyed.get(PAGE).content.decode()

    assert "The results are still being prepared, checking again…" in section(html, "results")
    assert "IdentityCall has no" not in html
    assert "The caller was charged twice." in section(html, "summary")
    assert section(html, "transcript").count('class="line ') == 3


def test_the_page_checks_again_after_two_seconds_and_links_a_reload_without_javascript(
    keyed, upstream
):
    serve(upstream, not_ready=("results",))

    html = keyed.get(PAGE).content.decode()

    element = poller(html)
    assert element is not None
    assert f'hx-get="{POLL}?check=1&amp;waiting=results"' in element
    assert 'hx-trigger="load delay:2s"' in element
    assert 'hx-target="this"' in element and 'hx-swap="outerHTML"' in element
    assert f'<noscript><p><a href="{PAGE}">Reload to check again</a></p></noscript>' in html


def test_the_analysis_region_loaded_after_processing_checks_again_too(keyed, upstream):
    serve(upstream, not_ready=("summary", "transcription"), status=422)

    html = keyed.get(POLL, **HTMX).content.decode()

    assert f'hx-get="{POLL}?check=1&amp;waiting=transcription,summary"' in poller(html)
    assert "The transcript is still being prepared, checking again…" in section(html, "transcript")
    assert "The transcript is still being prepared, checking again…" in section(html, "charts")
    assert "The summary is still being prepared, checking again…" in section(html, "summary")
    assert "Greeting" in section(html, "results")


@pytest.mark.parametrize(("check", "delay"), [(1, 4), (2, 8), (3, 16), (4, 32), (5, 60), (8, 60)])
def test_each_check_that_finds_it_still_not_ready_waits_twice_as_long_up_to_a_minute(
    keyed, upstream, check, delay
):
    serve(upstream, not_ready=("results",))

    response = poll(keyed, check, "results")

    html = response.content.decode()
    assert response.status_code == 200
    assert f'hx-get="{POLL}?check={check + 1}&amp;waiting=results"' in poller(html)
    assert f'hx-trigger="load delay:{delay}s"' in poller(html)
    assert "<section" not in html  # the panels already shown stay as they are
    assert "HX-Retarget" not in response
    assert asked(upstream) == [RECORDING, f"{RECORDING}/results"]  # only what is still missing


def test_a_check_that_finds_the_part_ready_swaps_in_the_whole_analysis_and_keeps_it(
    keyed, upstream
):
    serve(upstream)

    response = poll(keyed, 3, "results")

    html = response.content.decode()
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#analysis"
    assert response["HX-Reswap"] == "outerHTML"
    assert html.lstrip().startswith('<div id="analysis" class="analysis">')
    assert "Greeting" in section(html, "results")
    assert poller(html) is None and "still being prepared" not in html
    before = len(upstream.calls)
    keyed.get(PAGE)
    assert asked(upstream, before) == [RECORDING]  # complete now, so kept


def test_after_the_last_check_it_stops_and_offers_a_check_again_link(keyed, upstream):
    serve(upstream, not_ready=("results",), status=409)

    response = poll(keyed, 10, "results")

    html = response.content.decode()
    assert response["HX-Retarget"] == "#analysis"
    assert "load delay" not in html and poller(html) is None
    results = section(html, "results")
    assert "The results are still being prepared." in results
    assert "checking again" not in html
    assert f'<a href="{PAGE}">Check again</a>' in html


def test_the_last_check_names_every_part_still_missing(keyed, upstream):
    serve(upstream, not_ready=PARTS, status=202)

    html = poll(keyed, 10, "transcription,results,summary").content.decode()

    assert ("IdentityCall has not finished preparing the transcript, the results and the summary "
            "yet") in html
    assert "The transcript is still being prepared." in section(html, "charts")


def test_a_rate_limited_check_waits_as_long_as_identitycall_asks(keyed, upstream):
    upstream.get(f"{BASE}{RECORDING}", status=429, json={"error": "Too many requests"},
                 headers={"Retry-After": "90"})
    upstream.get(f"{BASE}{RECORDING}/results", status=429, json={"error": "Too many requests"},
                 headers={"Retry-After": "90"})

    response = poll(keyed, 2, "results")

    assert response.status_code == 200
    assert f'hx-get="{POLL}?check=3&amp;waiting=results"' in poller(response.content.decode())
    assert 'hx-trigger="load delay:90s"' in poller(response.content.decode())


def test_a_part_not_ready_is_never_kept_as_final(keyed, upstream, user):
    serve(upstream, not_ready=("transcription",), status=404)
    keyed.get(PAGE)
    assert analysis_cache.cached_panels(client_for(user), REF) is None
    upstream.reset()
    serve(upstream)

    html = keyed.get(PAGE).content.decode()

    assert asked(upstream) == [RECORDING, *(f"{RECORDING}/{name}" for name in sorted(PARTS))]
    assert section(html, "transcript").count('class="line ') == 3


@pytest.mark.parametrize("query", ["?check=²&waiting=results", "?check=1&waiting=<script>",
                                   "?check=99&waiting=results", "?check=-1&waiting=results,,",
                                   "?waiting=results", "?check=" + "9" * 5000])
def test_odd_check_parameters_load_the_whole_analysis(keyed, upstream, query):
    serve(upstream, not_ready=("results",))

    response = keyed.get(POLL + query, **HTMX)

    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="analysis" class="analysis">')
    assert f'hx-get="{POLL}?check=1&amp;waiting=results"' in poller(html)
    assert "<script>" not in html


def test_a_recording_still_processing_waits_for_the_status_not_for_its_parts(keyed, upstream):
    serve(upstream, not_ready=PARTS, status=422, recording_status="processing")

    html = keyed.get(PAGE).content.decode()

    assert "will be ready when processing completes" in html
    assert poller(html) is None


def test_a_recording_gone_while_checking_is_not_found(keyed, upstream):
    upstream.get(f"{BASE}{RECORDING}", status=404, json={"error": "Resource not found"})
    upstream.get(f"{BASE}{RECORDING}/results", status=404, json={"error": "Resource not found"})

    assert poll(keyed, 2, "results").status_code == 404


def test_a_check_that_finds_the_part_ready_asks_only_the_other_parts_again(keyed, upstream):
    serve(upstream)
    before = len(upstream.calls)

    response = poll(keyed, 2, "results")

    assert response["HX-Retarget"] == "#analysis"
    assert "Greeting" in section(response.content.decode(), "results")
    # The probe's recording and results are reused: four calls, not six.
    assert asked(upstream, before) == [RECORDING, f"{RECORDING}/results",
                                       f"{RECORDING}/summary", f"{RECORDING}/transcription"]
