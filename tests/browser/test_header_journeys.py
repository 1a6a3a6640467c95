"""The header holds the eight sections, the bell and the user menu on one line on a laptop or
desktop screen, and stacks them on a phone without sideways scrolling."""

import pytest

from tests.browser.conftest import log_in

TOPS = """() => ['.brand', '.site-nav', '.bell', '.user-menu'].map(
    s => Math.round(document.querySelector(s).getBoundingClientRect().top))"""


@pytest.mark.parametrize("width", [1280, 1440])
def test_the_header_is_one_line_on_wide_screens(page, user, sandbox, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page)
    page.wait_for_url("**/settings/api-key/**")

    brand, nav, bell, menu = page.evaluate(TOPS)
    assert max(brand, nav, bell, menu) - min(brand, nav, bell, menu) < 12, (brand, nav, bell, menu)
    links = page.locator(".site-nav a").all_inner_texts()
    assert links == ["Overview", "Recordings", "Search", "Insights", "Projects", "Numbers",
                     "Operators", "Settings"]


def test_the_header_stacks_on_a_phone_without_scrolling_sideways(page, user, sandbox):
    page.set_viewport_size({"width": 390, "height": 800})
    log_in(page)
    page.wait_for_url("**/settings/api-key/**")

    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.locator(".site-nav a", has_text="Settings").is_visible()
