"""Phone numbers: E.164 normalisation of what people type, and formatting for people."""

import pytest

from django import forms

from apps.reference.phones import (
    DEFAULT_REGION,
    clean_phone,
    format_phone,
    normalise_phone,
    region_choices,
    strxfrm_name,
    region_of,
)


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


def test_region_of_reads_the_region_an_e164_number_belongs_to():
    assert region_of("+37060012345") == "LT"
    assert region_of("+442079460958") == "GB"
    assert region_of("not a number") == DEFAULT_REGION
    assert region_of(None) == DEFAULT_REGION


def test_region_choices_name_every_region_with_its_calling_code_sorted_by_name():
    choices = dict(region_choices())
    labels = [label for _, label in region_choices()]

    assert choices["LT"] == "Lithuania (+370)" and choices["US"] == "United States (+1)"
    assert labels == sorted(labels, key=strxfrm_name)  # "Åland Islands" among the A's
    assert labels.index("Åland Islands (+358)") < labels.index("Albania (+355)")
    assert not [label for label in labels if label.split(" (")[0].isupper()]  # never "AC (+247)"
    assert choices["AC"] == "Ascension Island (+247)"
    assert len(choices) > 200  # wider than the countries numbers are bought in


class PhoneForm(forms.Form):
    phone_number = forms.CharField()
    region = forms.CharField(required=False)


def cleaned(data):
    form = PhoneForm(data)
    form.is_valid()
    clean_phone(form, form.cleaned_data)
    return form


def test_clean_phone_turns_a_local_number_of_the_chosen_region_into_e164():
    form = cleaned({"phone_number": "8 600 12345", "region": "LT"})

    assert form.cleaned_data["phone_number"] == "+37060012345"
    assert not form.errors


def test_clean_phone_reads_a_number_without_region_as_the_default_region():
    assert cleaned({"phone_number": "(415) 555-0100"}).cleaned_data["phone_number"] == (
        "+14155550100"
    )


def test_clean_phone_puts_why_on_the_field():
    form = cleaned({"phone_number": "555", "region": "US"})

    assert "wrong number of digits" in form.errors["phone_number"][0]
