"""Countries a virtual number can be searched in: ISO 3166-1 alpha-2 codes, names and flags."""

# IdentityCall docs gap: which countries the provider stocks is not documented; this is the usual
# inventory of a phone-number provider. Any other code IdentityCall returns is still shown as is.
COUNTRIES = {
    "AR": "Argentina",
    "AT": "Austria",
    "AU": "Australia",
    "BE": "Belgium",
    "BG": "Bulgaria",
    "BR": "Brazil",
    "CA": "Canada",
    "CH": "Switzerland",
    "CL": "Chile",
    "CO": "Colombia",
    "CY": "Cyprus",
    "CZ": "Czechia",
    "DE": "Germany",
    "DK": "Denmark",
    "EE": "Estonia",
    "ES": "Spain",
    "FI": "Finland",
    "FR": "France",
    "GB": "United Kingdom",
    "GR": "Greece",
    "HK": "Hong Kong",
    "HR": "Croatia",
    "HU": "Hungary",
    "IE": "Ireland",
    "IL": "Israel",
    "IT": "Italy",
    "JP": "Japan",
    "LT": "Lithuania",
    "LU": "Luxembourg",
    "LV": "Latvia",
    "MX": "Mexico",
    "NL": "Netherlands",
    "NO": "Norway",
    "NZ": "New Zealand",
    "PL": "Poland",
    "PR": "Puerto Rico",
    "PT": "Portugal",
    "RO": "Romania",
    "SE": "Sweden",
    "SG": "Singapore",
    "SI": "Slovenia",
    "SK": "Slovakia",
    "US": "United States",
    "ZA": "South Africa",
}

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
    """Return the country's English name, or the code itself when it is not in COUNTRIES."""
    code = (code or "").upper()
    return COUNTRIES.get(code, code)


def country_choices():
    """Return (code, "Name (CODE)") pairs sorted by name, for a select."""
    return [
        (code, f"{name} ({code})") for code, name in sorted(COUNTRIES.items(), key=lambda kv: kv[1])
    ]


def needs_requirement_group(code) -> bool:
    """Return whether buying in this country is known to need a regulatory requirement group."""
    return (code or "").upper() in REQUIREMENT_GROUP_COUNTRIES
