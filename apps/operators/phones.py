"""Regions for reading local-format operator numbers (the formatting itself is shared with the
numbers screens in apps.virtual_numbers.phones)."""

from functools import cache

import phonenumbers
from phonenumbers import NumberParseException

from apps.virtual_numbers.phones import DEFAULT_REGION

from .region_names import REGION_NAMES


def region_of(e164) -> str:
    """Return the region an E.164 number belongs to ("LT"), or DEFAULT_REGION."""
    try:
        number = phonenumbers.parse(e164 or "", None)
    except NumberParseException:
        return DEFAULT_REGION
    return phonenumbers.region_code_for_number(number) or DEFAULT_REGION


@cache
def region_choices() -> tuple[tuple[str, str], ...]:
    """Return (region, "Lithuania (+370)") for every region phonenumbers knows, by name.

    Operators can sit in any country, so this is wider than the numbers screens' country list
    (the countries numbers can be bought in).
    """
    # Names come from a table generated from phonenumbers.geocoder, which is not imported here:
    # its data would add ~100 MB to every console process. To regenerate REGION_NAMES:
    #   {r: geocoder.country_name_for_number(phonenumbers.example_number(r), "en") or r
    #    for r in phonenumbers.SUPPORTED_REGIONS}
    choices = []
    for region in phonenumbers.SUPPORTED_REGIONS:
        name = REGION_NAMES.get(region, region)
        code = phonenumbers.country_code_for_region(region)
        choices.append((region, f"{name} (+{code})"))
    return tuple(sorted(choices, key=lambda choice: choice[1]))
