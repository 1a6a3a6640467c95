"""Forms that behave: a field that does not apply is greyed out and comes back with its value, and
a text input with an error turns red like a select does."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def border(locator):
    return locator.evaluate("(el) => getComputedStyle(el).borderTopColor")


def test_retention_days_and_baseline_grey_out_and_come_back_with_their_value(signed_in):
    page = signed_in
    page.goto("/projects/new/")
    days, no_deletion = page.get_by_label("Retention (days)"), page.get_by_label("No automatic deletion")
    pct = page.get_by_label("Quality baseline (%)")
    baseline = page.get_by_label("Compare calls with a quality baseline")

    expect(no_deletion).to_be_checked()
    expect(days).to_be_disabled()
    no_deletion.uncheck()
    days.fill("45")
    no_deletion.check()
    expect(days).to_be_disabled()
    expect(days).to_have_value("45")
    no_deletion.uncheck()
    expect(days).to_be_enabled()
    expect(days).to_have_value("45")

    expect(pct).to_be_disabled()
    baseline.check()
    pct.fill("72.5")
    baseline.uncheck()
    expect(pct).to_be_disabled()
    baseline.check()
    expect(pct).to_have_value("72.5")


def test_a_text_input_with_an_error_is_as_red_as_a_select_with_one(signed_in):
    page = signed_in
    page.goto("/projects/new/")
    page.get_by_label("No automatic deletion").uncheck()
    page.get_by_role("button", name="Create project").click()

    name, language = page.get_by_label("Name", exact=True), page.get_by_label("Language", exact=True)
    expect(name).to_have_attribute("aria-invalid", "true")
    expect(language).to_have_attribute("aria-invalid", "true")
    assert border(name) == border(language) == "rgb(180, 35, 24)"
    assert border(page.get_by_label("Retention (days)")) == border(language)
    assert border(page.get_by_label("Industry")) != border(language)  # valid fields stay grey
