"""Phone numbers for people and for IdentityCall: E.164 normalisation, readable formatting, and the
regions a local-format number can be read in."""

import unicodedata
from functools import cache

import phonenumbers

from apps.reference.region_names import REGION_NAMES

DEFAULT_REGION = "US"


def normalise_phone(raw, region=DEFAULT_REGION) -> str:
    """Return `raw` as an E.164 string; raise ValueError with a plain sentence when it cannot be."""
    text = (raw or "").strip()
    if not text:
        raise ValueError("Enter a phone number.")
    try:
        parsed = phonenumbers.parse(text, (region or DEFAULT_REGION).upper())
    except phonenumbers.NumberParseException:
        raise ValueError(
            "This does not look like a phone number. Use international format, "
            "e.g. +1 415 555 0100, or pick the country it belongs to."
        ) from None
    # Possible, not "valid": valid also needs a number range in use, and fictional ranges such as
    # +1 555 01xx are what tests and demos use; IdentityCall normalises and checks the rest.
    if not phonenumbers.is_possible_number(parsed):
        raise ValueError(
            "This phone number has the wrong number of digits for its country. "
            "Check it, or pick the country it belongs to."
        )
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def clean_phone(form, data, default_region=DEFAULT_REGION) -> None:
    """Turn a form's cleaned `phone_number` into E.164 (read in its `region` when local), or put
    why it cannot be on the field."""
    # IdentityCall docs gap: its own checks of a phone number are undocumented; whatever it still
    # refuses comes back as a 422 that lands on this field.
    if raw := data.get("phone_number"):
        try:
            data["phone_number"] = normalise_phone(raw, data.get("region") or default_region)
        except ValueError as exc:
            form.add_error("phone_number", str(exc))


def format_phone(e164) -> str:
    """Return an E.164 number in international format ("+1 415-555-0100"); junk as given."""
    if not e164:
        return ""
    try:
        parsed = phonenumbers.parse(str(e164), None)
    except phonenumbers.NumberParseException:
        return str(e164)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def region_of(e164) -> str:
    """Return the region an E.164 number belongs to ("LT"), or DEFAULT_REGION."""
    try:
        number = phonenumbers.parse(e164 or "", None)
    except phonenumbers.NumberParseException:
        return DEFAULT_REGION
    return phonenumbers.region_code_for_number(number) or DEFAULT_REGION


@cache
def region_choices() -> tuple[tuple[str, str], ...]:
    """Return (region, "Lithuania (+370)") for every region phonenumbers knows, by name.

    Operators can sit in any country, so this is wider than the countries numbers can be bought in
    (apps/reference/countries.py).
    """
    choices = []
    for region in phonenumbers.SUPPORTED_REGIONS:
        name = REGION_NAMES.get(region, region)
        code = phonenumbers.country_code_for_region(region)
        choices.append((region, f"{name} (+{code})"))
    return tuple(sorted(choices, key=lambda choice: strxfrm_name(choice[1])))


def strxfrm_name(label) -> str:
    """Return a sort key that files "Åland Islands" with the A's and "Côte d’Ivoire" with the C's."""
    decomposed = unicodedata.normalize("NFKD", label)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()
