"""Lists IdentityCall pages, in Chromium: with the sandbox paging every list by 20 (and 25 extra
projects, operators, numbers and GB local offers), each list and picker shows every item."""

import pytest
from playwright.sync_api import expect

from apps.sandbox.models import AvailableNumber, Operator, Project, VirtualNumber
from apps.sandbox.seed import seed_many

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def paged(sandbox, settings):
    """The sandbox pages its four short lists by 20 and each holds more than one page."""
    settings.SANDBOX_PAGINATE_LISTS = True
    seed_many(25)


def test_every_list_and_picker_shows_all_its_items_when_identitycall_pages_them(paged, signed_in):
    page = signed_in
    assert Project.objects.count() > 20 and Operator.objects.count() > 20

    page.goto("/projects/")
    expect(page.locator("#project-rows tr")).to_have_count(Project.objects.count())
    # Counts arrive after the page, row by row as rows scroll into view.
    claims = page.locator("#project-rows tr").filter(has_text="Claims DE")
    expect(claims.locator("td[data-label=Recordings]")).to_have_text("20")
    expect(claims.locator("td[data-label=Numbers]")).to_have_text("1")
    last = page.locator("#project-rows tr").last
    last.scroll_into_view_if_needed()
    expect(last).to_contain_text("Sales LT")
    expect(last.locator("td[data-label=Recordings]")).not_to_have_text("Show")
    expect(page.get_by_text("Only the first")).to_have_count(0)

    page.goto("/recordings/upload/")
    projects = page.get_by_label("Project").locator("option[value]:not([value=''])")
    expect(projects).to_have_count(Project.objects.count())

    page.goto("/operators/")
    expect(page.locator("#operator-rows tr")).to_have_count(Operator.objects.count())

    page.goto("/numbers/")
    expect(page.locator(".numbers-table tbody tr")).to_have_count(VirtualNumber.objects.count())

    page.goto("/numbers/available/?country=GB&number_type=local")
    for_sale = AvailableNumber.objects.filter(country_code="GB", number_type="local").count()
    assert for_sale > 20
    expect(page.locator("#available-results tr[data-offer]")).to_have_count(for_sale)
    expect(page.get_by_text("Only the first")).to_have_count(0)
