"""Countries a virtual number can be searched and bought in: codes, names, flags, number types."""

from apps.reference.region_names import REGION_NAMES

# IdentityCall docs gap: which countries the provider stocks is not documented; this is the usual
# inventory of a phone-number provider. Any other code IdentityCall returns is still shown.
STOCKED = frozenset({
    "AR", "AT", "AU", "BE", "BG", "BR", "CA", "CH", "CL", "CO", "CY", "CZ", "DE", "DK", "EE",
    "ES", "FI", "FR", "GB", "GR", "HK", "HR", "HU", "IE", "IL", "IT", "JP", "LT", "LU", "LV",
    "MX", "NL", "NO", "NZ", "PL", "PR", "PT", "RO", "SE", "SG", "SI", "SK", "US", "ZA",
})

# IdentityCall docs gap: the purchase page's second 422 ("Requ…") is cut off and no page lists the
# countries needing an approved regulatory requirement group; these are the ones the sandbox
# enforces. Elsewhere the field stays optional and IdentityCall's answer is explained if it asks.
REQUIREMENT_GROUP_COUNTRIES = frozenset({"DE", "LT"})

NUMBER_TYPES = {
    "mobile": "Mobile",
    "local": "Local",
    "toll-free": "Toll-free",
    "national": "National",
}


def flag(code) -> str:
    """Return the flag emoji of a two-letter country code ("" for anything else)."""
    code = (code or "").upper()
    if len(code) != 2 or not code.isascii() or not code.isalpha():
        return ""
    # Regional indicator symbols: A is U+1F1E6; a pair of them renders as the country's flag.
    return "".join(chr(0x1F1E6 + ord(letter) - ord("A")) for letter in code)


def country_name(code) -> str:
    """Return the country's English name, or the code itself when it has none."""
    code = (code or "").upper()
    return REGION_NAMES.get(code, code)


def country_choices():
    """Return (code, "Name") pairs of the stocked countries sorted by name, for a select."""
    named = sorted(STOCKED, key=country_name)
    return [(code, country_name(code)) for code in named]


def needs_requirement_group(code) -> bool:
    """Return whether buying in this country is known to need a regulatory requirement group."""
    return (code or "").upper() in REQUIREMENT_GROUP_COUNTRIES
