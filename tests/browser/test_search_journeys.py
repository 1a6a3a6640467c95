"""Search across calls in Chromium: the sandbox's recordings indexed by the background sync, a
phrase searched, and the call opened at the matching line (`?t=`)."""

import re

import pytest

from apps.index import budget
from apps.index.models import Line, SyncState
from apps.index.tasks import sync_indexes


def test_search_a_phrase_and_open_the_call_at_the_matching_line(indexed):
    page = indexed
    line = (
        Line.objects.filter(kind="line", start_ms__gte=5000, recording__status="completed")
        .exclude(text="")
        .order_by("recording__created_at", "position")
        .first()
    )
    phrase = " ".join(re.findall(r"\w+", line.text)[:4])

    page.goto("/search/")
    assert re.search(r"\d+ of \d+ recordings, synced", page.locator(".freshness").inner_text())
    page.get_by_label("Words in the call").fill(f'"{phrase}"')
    page.get_by_role("button", name="Search", exact=True).click()

    page.get_by_text("Filters and sort").click()
    page.get_by_label("Sort").select_option("newest")
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_url("**sort=newest*")
    _shots(page, "search")
    hit = page.locator(".hit").first
    assert phrase.split()[0].lower() in hit.locator("mark").first.inner_text().lower()
    link = hit.locator(".hit__time")
    href = link.get_attribute("href")
    assert re.fullmatch(r"/recordings/[^/]+/\?t=\d+#t-\d+", href)
    link.click()

    page.wait_for_url(f"**{href.split('#')[0]}*")
    target = page.locator(".line--target")
    assert target.count() == 1
    assert phrase.lower() in " ".join(re.findall(r"\w+", target.inner_text().lower()))


def _shots(page, name):
    """Screenshots for a person to look at (docs: every changed page at 390 and 1440 px)."""
    for width in (1440, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"/work/notes/shots/E-{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def _sync_everyone():
    for _ in range(400):
        sync_indexes.call()
        states = SyncState.objects.all()
        if states and all(s.phase == "idle" and s.synced_at for s in states):
            return
    raise AssertionError("the sync never finished")


def test_a_project_scoped_key_finds_nothing_of_other_projects(
    page, user, sandbox, django_user_model, monkeypatch
):
    from apps.accounts.models import save_api_key
    from apps.index.models import IndexedRecording
    from tests.browser.conftest import PASSWORD, sign_in_with

    monkeypatch.setattr(budget, "take", lambda fingerprint, count=1, now=None: 0.0)
    save_api_key(user, sandbox["full"], projects_seen=0)
    scoped = django_user_model.objects.create_user("scoped", password=PASSWORD)
    save_api_key(scoped, sandbox["project_scoped"], projects_seen=0)
    _sync_everyone()
    scoped_fp = IndexedRecording.objects.values("key_fingerprint").distinct()
    projects = {
        fp["key_fingerprint"]: set(
            IndexedRecording.objects.filter(**fp).values_list("project_id", flat=True)
        )
        for fp in scoped_fp
    }
    assert len(projects) == 2 and min(len(p) for p in projects.values()) == 1
    elsewhere = (
        IndexedRecording.objects.exclude(
            project_id__in=min(projects.values(), key=len)
        ).exclude(external_id="").first()
    )

    sign_in_with(page, scoped, sandbox["project_scoped"])
    page.goto(f"/search/?q={elsewhere.external_id}")
    assert page.get_by_text("No call matches").count() == 1
    page.get_by_role("button", name="Sync now").click()
    assert "sync starting" in page.locator(".freshness").inner_text()
    _shots(page, "search-empty")


def test_filter_insights_by_project_and_follow_a_figure_to_its_calls(indexed):
    from apps.index.models import IndexedProject, IndexedRecording

    page = indexed
    project = IndexedProject.objects.order_by("project_id").first()
    in_project = IndexedRecording.objects.filter(project_id=project.project_id)

    page.goto("/insights/")
    page.get_by_text("Filters", exact=True).click()
    page.get_by_label("Project", exact=True).select_option(label=project.name)
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(f"**project={project.project_id}*")
    _shots(page, "insights")
    statuses = page.locator("section", has=page.get_by_role("heading", name="Recordings per status"))
    first = statuses.locator("tbody tr").first
    status, count = first.locator("td").nth(0).inner_text(), first.locator("td").nth(1).inner_text()
    assert int(count) == in_project.filter(status=status).count()
    first.get_by_role("link").click()

    page.wait_for_url("**/search/?*")
    assert page.locator(".search-results__count").inner_text().startswith(f"{count} call")
    assert page.get_by_label("Project", exact=True).input_value() == str(project.project_id)


def test_compare_two_calls_from_search_results(indexed):
    page = indexed
    page.goto("/search/?q=refund&sort=newest")
    hits = page.locator(".hit")
    names = [hits.nth(n).locator(".hit__title").inner_text() for n in (0, 1)]
    for n in (0, 1):
        hits.nth(n).get_by_label("Compare", exact=False).check()
    page.get_by_role("button", name="Compare the two ticked calls").click()

    page.wait_for_url("**/compare/?*")
    titles = page.locator(".compare__title").all_inner_texts()
    assert titles == names
    assert page.get_by_role("heading", name="Goals").count() == 1
    _shots(page, "compare")
