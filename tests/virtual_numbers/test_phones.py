"""Phone numbers: E.164 normalisation of what people type, and formatting for people."""

import pytest

from apps.virtual_numbers.countries import (
    country_choices,
    country_name,
    flag,
    needs_requirement_group,
)
from apps.virtual_numbers.phones import format_phone, normalise_phone


@pytest.mark.parametrize(
    ("raw", "region", "expected"),
    [
        ("(415) 555-0100", "US", "+14155550100"),
        ("415.555.0100", "US", "+14155550100"),
        ("1 415 555 0100", "US", "+14155550100"),
        ("020 7946 0958", "GB", "+442079460958"),
        ("07700 900123", "GB", "+447700900123"),
        ("8 612 34567", "LT", "+37061234567"),
        ("8 600 12345", "lt", "+37060012345"),
        ("+370 600 12345", "US", "+37060012345"),
        ("  +44 20 7946 0958  ", "US", "+442079460958"),
    ],
)
def test_normalise_phone_turns_local_and_international_formats_into_e164(raw, region, expected):
    assert normalise_phone(raw, region) == expected


def test_normalise_phone_defaults_to_us_numbers():
    assert normalise_phone("(555) 123-4567") == "+15551234567"


@pytest.mark.parametrize("raw", ["", "   ", None])
def test_normalise_phone_asks_for_a_number_when_blank(raw):
    with pytest.raises(ValueError, match="Enter a phone number"):
        normalise_phone(raw)


def test_normalise_phone_refuses_text_that_is_not_a_number():
    with pytest.raises(ValueError, match="does not look like a phone number"):
        normalise_phone("call me maybe")


@pytest.mark.parametrize(
    ("raw", "region"), [("555", "US"), ("8 612", "LT"), ("+1 415 555 01000000", "US")]
)
def test_normalise_phone_refuses_numbers_with_the_wrong_number_of_digits(raw, region):
    with pytest.raises(ValueError, match="wrong number of digits"):
        normalise_phone(raw, region)


def test_format_phone_shows_e164_in_international_format():
    assert format_phone("+14155550100") == "+1 415-555-0100"
    assert format_phone("+37060012345") == "+370 600 12345"
    assert format_phone("+442079460958") == "+44 20 7946 0958"


def test_format_phone_leaves_what_it_cannot_parse_alone():
    assert format_phone("not a number") == "not a number"
    assert format_phone(None) == ""
    assert format_phone("") == ""


def test_countries_have_names_flags_and_sorted_choices():
    assert country_name("lt") == "Lithuania"
    assert country_name("ZZ") == "ZZ"
    assert flag("US") == "\U0001f1fa\U0001f1f8"
    assert flag("") == "" and flag("USA") == ""
    codes = [code for code, _ in country_choices()]
    assert {"US", "GB", "LT", "DE"} <= set(codes)
    labels = [label for _, label in country_choices()]
    assert labels == sorted(labels) and "Germany (DE)" in labels


def test_germany_and_lithuania_are_known_to_need_a_requirement_group():
    assert needs_requirement_group("de") and needs_requirement_group("LT")
    assert not needs_requirement_group("US")
