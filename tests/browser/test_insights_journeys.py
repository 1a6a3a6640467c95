"""Insights in Chromium: the sandbox's recordings indexed by the background sync, the page filtered
by a project, and a chart's column and point followed to the search page, which lists exactly the
calls behind them."""

from datetime import timedelta

from django.utils import timezone

from apps.index.models import IndexedProject, IndexedRecording


def _busiest_project():
    counts = {}
    for pid in IndexedRecording.objects.exclude(created_at=None).values_list("project_id",
                                                                             flat=True):
        counts[pid] = counts.get(pid, 0) + 1
    pid = max(counts, key=lambda p: (counts[p], -p))
    return IndexedProject.objects.get(project_id=pid)


def _listed(page):
    """The names of the calls the search page lists (every page of them)."""
    names = []
    while True:
        names += page.locator(".hit__title").all_inner_texts()
        following = page.get_by_role("link", name="Next")
        if not following.count():
            return sorted(names)
        following.first.click()
        page.wait_for_load_state()


def _shots(page, name):
    """Screenshots for a person to look at, at 1440 and 390 px."""
    for width in (1440, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"/work/notes/shots/insights-{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_filter_insights_by_project_and_follow_a_chart_to_exactly_its_calls(indexed):
    page = indexed
    project = _busiest_project()
    in_project = IndexedRecording.objects.filter(project_id=project.project_id)

    page.goto("/insights/")
    page.get_by_text("Filters", exact=True).click()
    page.get_by_label("Project", exact=True).select_option(label=project.name)
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(f"**project={project.project_id}*")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    _shots(page, "project")
    page.set_viewport_size({"width": 390, "height": 900})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.set_viewport_size({"width": 1280, "height": 900})

    # The latest day's column: the calls of that project recorded that day.
    column = page.locator('svg[data-chart="days"] a').last
    title = column.locator("title").text_content()
    column.click()
    page.wait_for_url("**/search/?*")
    day = timezone.datetime.fromisoformat(page.get_by_label("From").input_value()).date()
    start = timezone.make_aware(timezone.datetime.combine(day, timezone.datetime.min.time()))
    expected = in_project.filter(created_at__gte=start, created_at__lt=start + timedelta(days=1))
    assert title.endswith(f"{expected.count()} recording{'s' * (expected.count() != 1)}")
    assert page.get_by_label("Project", exact=True).input_value() == str(project.project_id)
    assert _listed(page) == sorted(expected.values_list("name", flat=True))

    # A point of the goal-attainment chart: the project's calls of that week.
    page.goto(f"/insights/?project={project.project_id}")
    point = page.locator('svg[data-chart="attainment"] a').last
    point.click()
    page.wait_for_url("**/search/?*")
    monday = timezone.datetime.fromisoformat(page.get_by_label("From").input_value()).date()
    assert monday.weekday() == 0
    start = timezone.make_aware(timezone.datetime.combine(monday, timezone.datetime.min.time()))
    week = in_project.filter(created_at__gte=start, created_at__lt=start + timedelta(days=7))
    assert _listed(page) == sorted(week.values_list("name", flat=True))
    _shots(page, "followed")
