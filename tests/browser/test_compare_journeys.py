"""Compare two calls in Chromium: the sandbox's recordings indexed by the background sync, a
recording opened, "Compare with…" pressed, the other call picked, both calls' emotions over time
seen side by side, and a mark followed to its moment in the call (`?t=`)."""

import re

from apps.index.models import IndexedRecording
from tests.browser.a11y import settled_violations


def _with_emotions():
    """Return completed indexed calls whose lines carry emotions, newest first."""
    return list(
        IndexedRecording.objects.filter(status="completed", lines__kind="line",
                                        lines__emotion__gt="")
        .distinct().order_by("-created_at", "-id")
    )


def test_compare_with_from_a_recording_then_follow_an_emotion_to_its_moment(indexed):
    page = indexed
    first = _with_emotions()[0]

    page.goto(f"/recordings/{first.ref}/")
    page.get_by_role("link", name="Compare with…").click()

    page.wait_for_url("**/compare/?recording=*")
    heading = page.get_by_role("heading", name=re.compile("^Compare .* with…$"))
    assert first.name in heading.inner_text()
    offered = page.locator(".compare-pick__item")
    assert offered.count() >= 1
    _shots(page, "picker")
    other = offered.first.locator(".compare-pick__name").inner_text()
    offered.first.get_by_role("link", name=re.compile("^Compare")).click()

    page.wait_for_url("**/compare/?r=*&r=*")
    assert page.locator(".compare__title").all_inner_texts() == [first.name, other]
    charts = page.locator("svg[data-chart='emotion-time']")
    assert charts.count() >= 1
    assert page.get_by_role("heading", name="Pauses").count() == 2
    _shots(page, "pair")
    page.set_viewport_size({"width": 390, "height": 900})
    charts.first.screenshot(path="/work/notes/shots/compare-chart-390.png")
    for width in (1440, 390):  # the charts scale: nothing scrolls sideways, even on a phone
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth") <= width

    assert not settled_violations(page)
    table = page.locator(".compare__side").first.locator(".compare__table")
    table.locator("summary").click()  # the keyboard's way to the same moments
    assert table.get_by_role("link").count() == page.locator(".compare__side").first.locator(
        ".compare-emotions__mark").count()

    mark = page.locator(".compare__side").first.locator(".compare-emotions__mark").last
    href = mark.get_attribute("href")
    assert re.fullmatch(rf"/recordings/{first.ref}/\?t=\d+#t-\d+", href)
    mark.click()

    page.wait_for_url(f"**{href.split('#')[0]}*")
    assert page.locator("[data-transcript] .line--target").count() == 1


def test_one_call_alone_offers_a_search_for_the_other(indexed):
    page = indexed
    first, second = IndexedRecording.objects.filter(status="completed").order_by("-id")[:2]
    word = next(
        word for word in re.findall(r"[A-Za-z]{5,}", " ".join(
            second.lines.filter(kind="line").values_list("text", flat=True)))
    )

    page.goto(f"/compare/?r={first.ref}")
    page.get_by_label("Find the other call by its words").fill(word)
    page.get_by_role("button", name="Find").click()

    page.wait_for_url(f"**q={word}*")
    assert page.get_by_role("heading", name=f"Calls matching “{word}”").count() == 1
    names = page.locator(".compare-pick__name").all_inner_texts()
    assert (second.name or second.ref) in names and (first.name or first.ref) not in names
    _shots(page, "find")


def _shots(page, name):
    """Screenshots for a person to look at (every changed page at 390 and 1440 px)."""
    for width in (1440, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"/work/notes/shots/compare-{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
