"""The recordings list's search across every call in Chromium: the sandbox's recordings synced into
the index, a word of a transcript searched within a date range and sorted longest first, the
index's mark and the right rows seen, one opened; and with the index switched off, the plain list
with the reason the search was not applied."""

import re
from datetime import datetime, time, timedelta

from django.utils import timezone

from apps.index.models import IndexedRecording, Line

WIDTHS = (1440, 390)


def _a_word_and_its_day():
    """Return (a word of a completed call's transcript, the local day that call was uploaded),
    chosen so that several calls of the days around it have the word: the order then shows."""
    lines = (
        Line.objects.filter(kind="line", recording__status="completed")
        .exclude(text="")
        .select_related("recording")
        .order_by("recording__created_at", "position")
    )
    for line in lines[:300]:
        day = timezone.localtime(line.recording.created_at).date()
        for word in sorted(set(re.findall(r"[A-Za-z]{5,}", line.text.lower())), key=len)[::-1]:
            must, _, _ = _expected(word, *_around(day))
            if 2 <= len(must) <= 20:
                return word, day
    raise AssertionError("no transcript word is shared by a few calls of the same days")


def _around(day):
    return day - timedelta(days=2), day + timedelta(days=2)


def _expected(word, first, last):
    """Return the refs that must be found (the word on its own) and may be found (the word as the
    start of a longer one: the search stems), uploaded between the two days, longest first."""
    days = IndexedRecording.objects.filter(
        created_at__gte=timezone.make_aware(datetime.combine(first, time.min)),
        created_at__lt=timezone.make_aware(datetime.combine(last + timedelta(days=1), time.min)),
    )
    must, may = set(), set()
    for line in Line.objects.filter(recording__in=days).select_related("recording"):
        if re.search(rf"\b{word}\b", line.text, re.I):
            must.add(line.recording.ref)
        if re.search(rf"\b{word}", line.text, re.I):
            may.add(line.recording.ref)
    order = [r.ref for r in days.order_by("-duration_ms", "-id") if r.ref in may]
    return must, may, order


def test_search_a_transcript_word_in_a_date_range_longest_first_and_open_a_call(indexed):
    page = indexed
    word, day = _a_word_and_its_day()
    first, last = _around(day)
    must, may, order = _expected(word, first, last)

    page.goto("/recordings/")
    search = page.get_by_role("group", name=re.compile("Search all calls"))
    assert "from the console's index" in search.inner_text()
    search.get_by_label("Words").fill(word)
    search.get_by_label("Words").press("Enter")
    page.wait_for_url(f"**q={word}*")
    search.get_by_label("Uploaded from").fill(first.isoformat())
    page.wait_for_url(f"**date_from={first.isoformat()}*")
    search.get_by_label("Uploaded to").fill(last.isoformat())
    page.wait_for_url(f"**date_to={last.isoformat()}*")
    search.get_by_label("Sort").select_option(label="Longest first")
    page.wait_for_url("**sort=longest*")

    status = page.locator(".index-status")
    assert "From the console's index" in status.inner_text()
    assert re.search(r"\d+ of \d+ recordings, synced", status.locator(".freshness").inner_text())
    shown = [row.get_attribute("id").removeprefix("recording-row-")
             for row in page.locator("tr.recording-row").all()]
    assert must <= set(shown) <= may
    assert shown == [ref for ref in order if ref in shown]  # longest first
    _assert_one_line(page)
    _shots(page, "indexed")

    name = page.locator("tr.recording-row .recording-name__text").first
    title = name.inner_text()
    name.click()
    page.wait_for_url(f"**/recordings/{shown[0]}/")
    assert page.get_by_role("heading", level=1).inner_text().strip().startswith(title[:20])


def test_with_the_index_switched_off_the_plain_list_says_why(indexed, settings):
    page = indexed
    settings.INDEX_ENABLED = False

    page.goto("/recordings/?q=refund&sort=longest")

    assert "Your search was not applied" in page.locator(".index-status").inner_text()
    assert "switched off on this console" in page.locator("#index-search-about").inner_text()
    assert page.get_by_label("Words").input_value() == "refund"
    assert page.locator("tr.recording-row").count() > 0  # IdentityCall's own list
    assert page.locator(".index-mark--strong").count() == 0
    _shots(page, "fallback")


def test_the_plain_list_offers_the_search_without_wrapping(indexed):
    page = indexed
    page.goto("/recordings/")
    _assert_one_line(page)
    _shots(page, "plain")


def _assert_one_line(page):
    """At 1440 px the words, both days, the sort and the buttons share one line."""
    page.set_viewport_size({"width": 1440, "height": 900})
    fields = page.locator(".index-search__field, .index-search__actions")
    tops = {round(box["y"]) for box in (f.bounding_box() for f in fields.all())}
    assert len(tops) == 1, tops


def _shots(page, name):
    """Screenshots for a person to look at, at 1440 and 390 px."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"/work/notes/shots/recs-{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
