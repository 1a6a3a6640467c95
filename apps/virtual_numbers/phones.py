"""Phone numbers for people and for IdentityCall: E.164 normalisation and readable formatting."""

import phonenumbers

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


def format_phone(e164) -> str:
    """Return an E.164 number in international format ("+1 415-555-0100"); junk as given."""
    if not e164:
        return ""
    try:
        parsed = phonenumbers.parse(str(e164), None)
    except phonenumbers.NumberParseException:
        return str(e164)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
