"""Reviewing a call in Chromium: play and follow, the timeline's markers and zoom, renaming a
speaker everywhere, and the page at phone and desktop width (axe-core on each)."""

import re

import pytest
from playwright.sync_api import expect

from apps.sandbox.management.commands.bootstrap_demo import keep_demo_audio
from apps.sandbox.models import Recording as SandboxRecording
from apps.sandbox.seed import BENCHMARK_RECORDING
from tests.browser.a11y import check_a11y

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = "/work/notes/shots"


def a_call_with_demo_audio(user, settings, tmp_path, minutes=(3, 12)):
    """Return the public_id of a seeded completed call of a few minutes, its demo audio kept."""
    settings.MEDIA_ROOT = tmp_path / "media"
    row = (SandboxRecording.objects
           .filter(fails=False, status_override__isnull=True,
                   duration_ms__gte=minutes[0] * 60_000, duration_ms__lte=minutes[1] * 60_000)
           .order_by("id").first())
    keep_demo_audio(user, [row])
    return str(row.public_id)


def current_ms(page):
    return page.evaluate("document.getElementById('player').currentTime * 1000")


def playing_line(page):
    return page.locator("[data-transcript] .line[aria-current='true']")


def in_pane(page, line):
    """Return whether `line` is inside the transcript pane's visible part."""
    return page.evaluate(
        """line => {
             const box = document.querySelector('[data-transcript]').getBoundingClientRect();
             const r = line.getBoundingClientRect();
             return r.top >= box.top - 1 && r.bottom <= box.bottom + 1; }""",
        line.element_handle())


def test_play_the_transcript_follows_then_a_timeline_marker_seeks_and_scrolls(
    signed_in, sandbox, user, settings, tmp_path
):
    page = signed_in
    ref = a_call_with_demo_audio(user, settings, tmp_path)
    page.goto(f"/recordings/{ref}/")

    page.evaluate("document.getElementById('player').play()")
    page.wait_for_function("() => document.getElementById('player').currentTime > 1.5")
    expect(playing_line(page)).to_have_count(1)
    first = int(playing_line(page).get_attribute("data-start"))
    page.evaluate("document.getElementById('player').currentTime = 100")
    page.wait_for_function("() => document.getElementById('player').currentTime > 100.3")
    later = playing_line(page)
    assert int(later.get_attribute("data-start")) > first
    assert in_pane(page, later)
    expect(page.locator("#timeline [data-playhead]")).to_have_attribute("visibility", "visible")

    marker = page.locator("#timeline .marker").last
    ms = int(marker.get_attribute("data-seek"))
    marker.click(force=True)  # markers of a whole call may overlap: the last one is ours

    page.wait_for_function(
        "ms => Math.abs(document.getElementById('player').currentTime * 1000 - ms) < 1500", arg=ms)
    line = playing_line(page)
    assert int(line.get_attribute("data-start")) <= ms
    assert in_pane(page, line)
    expect(page).to_have_url(re.compile(r"\?t=\d+#t-\d+$"))

    # Scrolling the pane oneself stops the following, until "Back to the playing line".
    back = page.get_by_role("button", name="Back to the playing line")
    expect(back).to_be_hidden()
    page.locator("[data-transcript]").hover()
    page.mouse.wheel(0, -4000)
    expect(back).to_be_visible()
    page.wait_for_timeout(300)
    assert not in_pane(page, playing_line(page))
    back.click()
    expect(back).to_be_hidden()
    assert in_pane(page, playing_line(page))


def test_zoom_the_two_hour_call_to_minutes_and_move_along_it(signed_in, sandbox):
    page = signed_in
    long_call = SandboxRecording.objects.get(name=BENCHMARK_RECORDING)
    page.goto(f"/recordings/{long_call.public_id}/")
    timeline = page.locator("#timeline")
    svg = timeline.locator("svg.timeline__svg")
    expect(timeline.get_by_text("The whole call, 2:00:00")).to_be_visible()
    expect(svg).to_have_attribute("viewBox", re.compile(r"^0 0 7200 \d+$"))

    timeline.get_by_label("Show", exact=True).select_option(label="5 minutes")

    expect(svg).to_have_attribute("viewBox", re.compile(r"^\d+(\.\d+)? 0 300 \d+$"))
    expect(page).to_have_url(re.compile(r"span=300"))
    labels = timeline.locator(".timeline__axis text").all_text_contents()
    assert len(labels) >= 3 and all(re.fullmatch(r"\d+:\d\d(:\d\d)?", label) for label in labels)
    seconds = [sum(int(part) * 60 ** power for power, part in enumerate(reversed(label.split(":"))))
               for label in labels]
    assert {later - earlier for earlier, later in zip(seconds, seconds[1:])} == {60}  # minutes
    before = timeline.get_by_text(re.compile(r"of 2:00:00")).inner_text()
    timeline.get_by_role("link", name="Later").click()
    expect(timeline.get_by_text(re.compile(r"of 2:00:00"))).not_to_have_text(before)
    assert_axis_fits(page)

    # A reload shows the same stretch (the URL says it), drawn by the server this time.
    url = page.url
    page.reload()
    expect(page).to_have_url(url)
    expect(svg).to_have_attribute("viewBox", re.compile(r"^\d+ 0 300 \d+$"))

    # The keyboard: a row of markers is one tab stop; arrows move along it, into the window.
    keywords = timeline.locator(".timeline__markers--keyword .marker")
    keywords.first.focus()
    page.keyboard.press("End")
    expect(keywords.last).to_be_focused()
    seconds = int(keywords.last.get_attribute("data-seek")) / 1000
    start, width = (float(n) for n in svg.get_attribute("viewBox").split()[:3:2])
    assert start <= seconds <= start + width
    page.keyboard.press("Enter")
    page.wait_for_function("() => /[?&]t=\\d+/.test(location.search)")

    timeline.get_by_label("Show", exact=True).select_option(label="Whole call")
    expect(svg).to_have_attribute("viewBox", re.compile(r"^0 0 7200 \d+$"))
    assert_axis_fits(page)


def assert_axis_fits(page):
    """No axis label sticks out of the timeline or touches another."""
    boxes = page.evaluate(
        """() => {
             const axis = document.querySelector('.timeline__axis').getBoundingClientRect();
             const labels = [...document.querySelectorAll('.timeline__axis text')];
             const edges = t => { const r = t.getBoundingClientRect(); return [r.left, r.right]; };
             return [axis.left, axis.right, labels.map(edges)];
           }""")
    left, right, labels = boxes
    assert labels and all(left - 0.5 <= a and b <= right + 0.5 for a, b in labels)
    assert all(b < c for (_, b), (c, _) in zip(labels, labels[1:]))


def test_rename_a_speaker_and_see_it_in_the_transcript_charts_and_an_srt_export(
    signed_in, sandbox
):
    page = signed_in
    row = (SandboxRecording.objects.filter(fails=False, status_override__isnull=True,
                                           duration_ms__lte=6 * 60_000).order_by("id").first())
    page.goto(f"/recordings/{row.public_id}/")
    speakers = page.locator("#speakers")
    was = speakers.locator(".speakers__name").first.inner_text()

    speakers.get_by_role("link", name="Rename speakers").click()
    field = page.get_by_label(re.compile(r"^Speaker 1"))
    expect(field).to_be_visible()
    field.fill("Marcus (agent)")
    page.get_by_role("button", name="Save names").click()

    expect(page.get_by_text("Saved the names of 1 speaker.")).to_be_visible()
    expect(page.locator("#speakers .speakers__name").first).to_have_text("Marcus (agent)")
    names = page.locator("[data-transcript] .line__speaker").all_text_contents()
    assert "Marcus (agent)" in names and was not in names
    expect(page.locator("#timeline .timeline__labels")).to_contain_text("Marcus (agent)")
    expect(page.locator("#charts [data-chart='talk-time']")).to_contain_text("Marcus (agent)")
    expect(page.locator("#summary")).to_contain_text("Marcus (agent)")

    with page.expect_download() as download:
        page.get_by_role("link", name="SRT subtitles").click()
    srt = open(download.value.path(), encoding="utf-8").read()
    assert re.search(r"^Marcus \(agent\): ", srt, re.M)
    assert f"\n{was}: " not in srt


@pytest.mark.parametrize(("width", "height", "name"), [(390, 844, "phone"), (1440, 900, "desktop")])
def test_the_review_at_phone_and_desktop_width_fits_and_is_accessible(
    signed_in, sandbox, user, settings, tmp_path, width, height, name
):
    page = signed_in
    page.set_viewport_size({"width": width, "height": height})
    ref = a_call_with_demo_audio(user, settings, tmp_path)
    page.goto(f"/recordings/{ref}/")
    expect(page.locator("#transcript .line").first).to_be_visible()

    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    for selector in ("#timeline", "#charts [data-chart='talk-time']", "#transcript"):
        box = page.locator(selector).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, selector
    order = [page.locator(s).bounding_box()["y"] for s in ("#player", "#summary", "#transcript")]
    if name == "phone":
        assert order == sorted(order)  # player, summary, transcript, then the rest
        assert page.locator("#results").bounding_box()["y"] > order[-1]
    else:
        transcript, summary = (page.locator(s).bounding_box() for s in ("#transcript", "#summary"))
        assert summary["x"] > transcript["x"] + transcript["width"] - 1  # side by side
    page.screenshot(path=f"{SHOTS}/h5-journey-{name}.png")
    check_a11y(page, f"the review at {width} px")
    page.locator("#results details.results__more, #keywords ~ * details").first.evaluate(
        "d => d && (d.open = true)")
    check_a11y(page, f"the review at {width} px, folded parts open")


def test_parts_of_the_analysis_pane_fold_away_and_stay_folded(signed_in, sandbox):
    page = signed_in
    row = SandboxRecording.objects.filter(fails=False, status_override__isnull=True).first()
    page.goto(f"/recordings/{row.public_id}/")
    keywords = page.get_by_role("button", name="Keywords")
    expect(keywords).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#keywords-body")).to_be_visible()

    keywords.click()

    expect(keywords).to_have_attribute("aria-expanded", "false")
    expect(page.locator("#keywords-body")).to_be_hidden()
    expect(page.locator("#goals-body")).to_be_visible()
    page.reload()
    expect(page.get_by_role("button", name="Keywords")).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_role("heading", name="Keywords")).to_be_visible()
    page.get_by_role("button", name="Keywords").press("Enter")
    expect(page.locator("#keywords-body")).to_be_visible()
