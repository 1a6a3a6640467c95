"""A key known to be read-only is offered no change on the numbers screens: buying, settings and
routing controls are disabled or left out up front, each with the one-line why."""

import pytest
from django.urls import reverse

from apps.accounts import key_access
from apps.accounts.key_probe import Known
from tests.virtual_numbers.builders import detail_json, inventory, number_json, url

READ_ONLY = Known(read=True, write=False, delete=False, scoped=False)
WHY = key_access.READ_ONLY_WHY


@pytest.fixture
def read_only(keyed, user):
    key_access.remember(key_access.fingerprint_of(user.api_key), READ_ONLY)
    return keyed


def test_the_list_offers_no_purchase_and_says_why(read_only, upstream):
    upstream.get(url("/virtual_numbers"), json={"data": [number_json()]})

    html = read_only.get(reverse("virtual_numbers:list")).content.decode()

    assert f'href="{reverse("virtual_numbers:available")}"' not in html
    assert 'disabled aria-describedby="buy-why">Buy a number</button>' in html
    assert f'id="buy-why">{WHY} Buying a number needs it.' in html


def test_the_search_results_offer_no_buy_button(read_only, upstream):
    upstream.get(url("/virtual_numbers/available"), json=inventory())

    html = read_only.get(
        reverse("virtual_numbers:available"), {"country": "US", "number_type": "mobile"}
    ).content.decode()

    assert "/numbers/available/confirm/" not in html
    assert 'aria-describedby="buy-why">Buy…</button>' in html


def test_the_number_page_offers_no_settings_or_routing_change(read_only, upstream):
    upstream.get(url("/virtual_numbers/9"), json={"data": detail_json()})

    html = read_only.get(reverse("virtual_numbers:detail", args=[9])).content.decode()

    assert f'href="{reverse("virtual_numbers:edit", args=[9])}"' not in html
    assert "Move " not in html and "Detach" not in html
    assert reverse("virtual_numbers:add_operator", args=[9]) not in html
    assert f'id="write-why">{WHY}' in html


def test_the_settings_page_shows_the_refusal_instead_of_the_form(read_only, upstream):
    upstream.get(url("/virtual_numbers/9"), json={"data": detail_json()})

    html = read_only.get(reverse("virtual_numbers:edit", args=[9])).content.decode()

    assert "Changing a number’s settings needs it." in html
    assert 'name="routing_strategy"' not in html


def test_a_key_nothing_is_known_of_is_offered_everything(keyed, upstream):
    upstream.get(url("/virtual_numbers/9"), json={"data": detail_json()})

    html = keyed.get(reverse("virtual_numbers:detail", args=[9])).content.decode()

    assert f'href="{reverse("virtual_numbers:edit", args=[9])}"' in html
    assert "Move Jane Doe down" in html
