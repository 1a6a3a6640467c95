"""The operators list: initials, readable phones, an inline active switch, a text filter."""

import re

from apps.frame.key_hints import CANNOT_WRITE
from tests.operators.conftest import list_item_json, url

HTMX = {"HX-Request": "true"}


def two_operators(upstream):
    upstream.get(
        url("/operators"),
        json={
            "data": [
                list_item_json(),
                list_item_json(
                    id=23,
                    name="Jane Doe",
                    phone_number="+12015550199",
                    email=None,
                    active=False,
                    initials="JD",
                    virtual_numbers=[],
                ),
            ]
        },
    )


def names(html):
    return re.findall(
        r'<tr data-filter-text="[^"]*">.*?<a href="/operators/\d+/">([^<]+)</a>', html, re.S
    )


def test_list_shows_name_initials_phone_email_switch_and_number_count(keyed, upstream):
    two_operators(upstream)

    response = keyed.get("/operators/")

    html = response.content.decode()
    assert response.status_code == 200
    assert names(html) == ["Aldona Petrauskaitė", "Jane Doe"]  # IdentityCall's order
    assert re.search(r'<span class="op-avatar op-avatar--\d" aria-hidden="true">AP</span>', html)
    assert (
        '<span class="phone" title="+37060012345" data-e164="+37060012345">+370 600 12345</span>'
        in html
    )
    assert "+1 201-555-0199" in html
    assert 'href="mailto:aldona@example.com"' in html
    assert (
        'role="switch"\n          aria-checked="true" aria-label="Active: Aldona Petrauskaitė"'
        in html
    )
    assert 'aria-checked="false" aria-label="Active: Jane Doe"' in html
    assert '<td data-label="Numbers" class="num">1</td>' in html
    assert 'href="/operators/new/"' in html
    assert len(upstream.calls) == 1


def test_the_switch_posts_the_opposite_state_and_comes_back_here(keyed, upstream):
    two_operators(upstream)

    html = keyed.get("/operators/?q=jane").content.decode()

    switch = re.search(r'<form id="active-23".*?</form>', html, re.S).group(0)
    assert (
        'action="/operators/23/active/"' in switch and 'hx-post="/operators/23/active/"' in switch
    )
    assert '<input type="hidden" name="active" value="true">' in switch
    assert '<input type="hidden" name="next" value="/operators/?q=jane">' in switch


def test_htmx_gets_only_the_list_partial(keyed, upstream):
    two_operators(upstream)

    html = keyed.get("/operators/", headers=HTMX).content.decode()

    assert html.lstrip().startswith('<div id="operator-list">')
    assert "<html" not in html


def test_the_filter_matches_phone_numbers_as_written_or_formatted(keyed, upstream):
    two_operators(upstream)

    by_e164 = keyed.get("/operators/?q=%2B1201").content.decode()
    by_format = keyed.get("/operators/?q=201-555").content.decode()
    by_email = keyed.get("/operators/?q=ALDONA@").content.decode()

    assert names(by_e164) == ["Jane Doe"]
    assert names(by_format) == ["Jane Doe"]
    assert names(by_email) == ["Aldona Petrauskaitė"]
    assert len(upstream.calls) == 3  # one list per page load, nothing more


def test_a_read_only_key_sees_disabled_switches_and_no_create(keyed, upstream):
    session = keyed.session
    session[CANNOT_WRITE] = True
    session.save()
    two_operators(upstream)

    html = keyed.get("/operators/").content.decode()

    assert (
        html.count('disabled aria-describedby="write-refusal"') == 3
    )  # two switches, New operator
    assert 'href="/operators/new/"' not in html
    assert "Your API key is read-only" in html


def test_no_operators_shows_the_empty_state(keyed, upstream):
    upstream.get(url("/operators"), json={"data": []})

    html = keyed.get("/operators/").content.decode()

    assert "No operators yet" in html
    assert "Add an operator" in html


def test_names_from_identitycall_are_escaped(keyed, upstream):
    upstream.get(url("/operators"), json={"data": [list_item_json(name='<img src=x onerror="1">')]})

    html = keyed.get("/operators/").content.decode()

    assert "<img src=x" not in html
    assert "&lt;img src=x" in html
