"""Prices carry their currency and regions are written in title case, whatever case they came in."""

import pytest

from apps.virtual_numbers.search import title_case
from apps.virtual_numbers.templatetags.virtual_numbers import price


@pytest.mark.parametrize(("sent", "shown"), [
    ("1.00", "US$1.00"), ("1.5", "US$1.50"), ("1234.5", "US$1,234.50"), (None, "—"), ("", "—"),
    ("ask us", "ask us"), ("NaN", "NaN"),
])
def test_a_price_is_shown_in_us_dollars(sent, shown):
    assert price(sent) == shown


@pytest.mark.parametrize(("sent", "shown"), [
    ("AUSTIN", "Austin"), ("NEW YORK CITY", "New York City"), ("ST. LOUIS", "St. Louis"),
    ("O'FALLON", "O'Fallon"), ("WINSTON-SALEM", "Winston-Salem"), ("CA", "CA"),
    ("San Francisco", "San Francisco"), ("", ""),
])
def test_regions_in_capitals_are_written_in_title_case_and_codes_are_kept(sent, shown):
    assert title_case(sent) == shown
