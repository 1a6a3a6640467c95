"""Countries numbers are bought in: names, flags, choices, where a requirement group is needed."""

from apps.reference.countries import (
    country_choices,
    country_name,
    flag,
    needs_requirement_group,
)


def test_countries_have_names_flags_and_sorted_choices():
    assert country_name("lt") == "Lithuania"
    assert country_name("ZZ") == "ZZ"
    assert flag("US") == "\U0001f1fa\U0001f1f8"
    assert flag("") == "" and flag("USA") == ""
    codes = [code for code, _ in country_choices()]
    assert {"US", "GB", "LT", "DE"} <= set(codes)
    labels = [label for _, label in country_choices()]
    assert labels == sorted(labels) and "Germany" in labels  # names only, not "Germany (DE)"


def test_germany_and_lithuania_are_known_to_need_a_requirement_group():
    assert needs_requirement_group("de") and needs_requirement_group("LT")
    assert not needs_requirement_group("US")


def test_a_country_outside_the_stocked_list_is_still_named():
    assert country_name("by") == "Belarus"
    assert "BY" not in dict(country_choices())
