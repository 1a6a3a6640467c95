"""The `?q=` text filter of the lists: every word, in any case, in IdentityCall's order."""

from types import SimpleNamespace

from apps.frame.text_filter import mark_matches


def test_the_filter_needs_every_word_in_any_case_and_keeps_the_order():
    items = [
        SimpleNamespace(name="Žalgiris Sales", lang="lt"),
        SimpleNamespace(name="Support", lang="en"),
    ]

    matches = mark_matches(items, "  SALES žalg ", ("name", "lang"))

    assert [(match.item.name, match.shown) for match in matches] == [
        ("Žalgiris Sales", True),
        ("Support", False),
    ]
    assert matches[0].text == "Žalgiris Sales lt"


def test_no_query_shows_everything():
    items = [SimpleNamespace(name="A"), SimpleNamespace(name=None)]

    assert all(match.shown for match in mark_matches(items, "", ("name",)))
