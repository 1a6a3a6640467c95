"""The first journey: log in through Chromium, save a key, and see the dashboard's counts."""

from apps.accounts.models import ApiKey
from apps.sandbox.models import Project

from tests.browser.conftest import log_in


def test_a_new_user_logs_in_saves_a_key_and_sees_the_dashboard(page, user, sandbox, live_server):
    log_in(page)

    # Without a key every page leads to the key page, which says why.
    page.wait_for_url("**/settings/api-key/**")
    assert "API key" in page.title()

    page.get_by_label("API key").fill(sandbox["full"])
    page.get_by_role("button", name="Verify and save").click()

    # Saved, the key page sends the user on to where they were going: the dashboard.
    page.wait_for_url(f"{live_server.url}/")
    projects = Project.objects.count()
    card = page.locator(".stat-grid li", has_text="Projects")
    assert card.inner_text().split()[-1] == str(projects)
    assert page.locator(".stat-grid li", has_text="Completed").count() == 1
    stored = ApiKey.objects.get(user=user)
    assert stored.masked == f"idc_…{sandbox['full'][-4:]}"
    assert sandbox["full"] not in page.content()


def test_a_key_the_sandbox_rejects_is_not_saved(page, user, sandbox):
    log_in(page)
    page.wait_for_url("**/settings/api-key/**")
    page.get_by_label("API key").fill("idc_" + "Z" * 32)
    page.get_by_role("button", name="Verify and save").click()

    assert page.get_by_text("IdentityCall rejected").count() >= 1
    assert not ApiKey.objects.filter(user=user).exists()
