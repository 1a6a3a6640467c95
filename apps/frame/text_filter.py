"""The `?q=` text filter of the lists, applied to what IdentityCall already returned.

With JavaScript, static/js/filter.js hides non-matching rows as the user types; without it the
same form submits `?q=` and the server renders non-matching rows `hidden`. Neither asks
IdentityCall anything more (its lists have no search parameter), and every row stays in the page so
the script can show it again when the filter changes. Both match the same way: every word of the
query must occur, in any case, in the row's text.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Match:
    """One list item, whether the filter shows it, and the text the filter searched."""

    item: object
    shown: bool
    text: str


def query_of(request) -> str:
    """Return the trimmed `q` of the request (at most 100 characters)."""
    return request.GET.get("q", "").strip()[:100]


def filter_text(item, attributes) -> str:
    """Return the text the filter searches for item (filter.js reads it from the row).

    Each attribute is a name, or a function of the item (for text derived from a field).
    """
    values = (name(item) if callable(name) else getattr(item, name, None) for name in attributes)
    return " ".join(str(value) for value in values if value)


def mark_matches(items, query: str, attributes) -> list[Match]:
    """Return a Match per item in IdentityCall's order; every item is shown for no query."""
    words = query.lower().split()
    matches = []
    for item in items:
        text = filter_text(item, attributes)
        shown = all(word in text.lower() for word in words)
        matches.append(Match(item, shown, text))
    return matches
