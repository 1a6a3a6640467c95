"""Searching the inventory: htmx partial, parameters in the URL, narrowing without new calls."""

from urllib.parse import parse_qs, urlsplit

from django.urls import reverse

from tests.virtual_numbers.builders import calls_to, inventory, offer_json, url

SEARCH = reverse("virtual_numbers:available")


def two_states():
    return inventory(
        offer_json("+14155550123", region="CA", features=("sms", "voice")),
        offer_json("+12125550111", region="NY", features=("voice",)),
    )


def test_the_search_page_starts_with_the_form_and_asks_nothing_upstream(keyed, upstream):
    response = keyed.get(SEARCH)

    html = response.content.decode()
    assert response.status_code == 200
    assert '<option value="US" selected>United States</option>' in html
    assert '<option value="toll-free">Toll-free</option>' in html
    assert 'hx-push-url="true"' in html and 'hx-get="/numbers/available/"' in html
    assert len(upstream.calls) == 0


def test_searching_sends_country_and_type_and_lists_the_results(keyed, upstream):
    upstream.get(url("/virtual_numbers/available"), json=two_states())

    response = keyed.get(SEARCH, {"country": "us", "number_type": "mobile"})

    html = response.content.decode()
    (call,) = upstream.calls
    assert parse_qs(urlsplit(call.request.url).query) == {
        "country": ["US"],
        "number_type": ["mobile"],
    }
    assert "+1 415-555-0123" in html and "+14155550123" in html
    assert '<span class="region">CA (state)</span>' in html
    assert ">SMS<" in html and ">VOICE<" in html
    assert ">US$1.00<" in html and ">US$1.15<" in html and "Prices in US dollars" in html
    assert "Showing <span data-shown>2</span> of 2 mobile numbers in United States" in html
    assert response.headers["Vary"].count("HX-Request") == 1


def test_each_result_links_to_its_confirmation(keyed, upstream):
    upstream.get(url("/virtual_numbers/available"), json=two_states())

    html = keyed.get(SEARCH, {"country": "US", "number_type": "mobile"}).content.decode()

    confirm = reverse("virtual_numbers:purchase_confirm")
    assert (
        f'href="{confirm}?phone_number=%2B14155550123&amp;country_code=US&amp;number_type=mobile"'
        in html
    )


def test_an_htmx_search_answers_with_the_results_partial_only(keyed, upstream):
    upstream.get(url("/virtual_numbers/available"), json=two_states())

    response = keyed.get(SEARCH, {"country": "US", "number_type": "mobile"}, HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and 'id="available-results"' not in html
    assert "data-narrow" in html and "+1 415-555-0123" in html


def test_narrowing_by_region_uses_the_cached_search(keyed, upstream):
    upstream.get(url("/virtual_numbers/available"), json=two_states())
    keyed.get(SEARCH, {"country": "US", "number_type": "mobile"})

    response = keyed.get(SEARCH, {"country": "US", "number_type": "mobile", "region": "NY"})

    html = response.content.decode()
    assert len(upstream.calls) == 1
    assert "+1 212-555-0111" in html and "+1 415-555-0123" not in html
    assert '<option value="NY" selected>NY (state)</option>' in html
    assert "Showing <span data-shown>1</span> of 2" in html


def test_narrowing_by_feature_keeps_only_numbers_with_it(keyed, upstream):
    upstream.get(url("/virtual_numbers/available"), json=two_states())

    html = keyed.get(
        SEARCH, {"country": "US", "number_type": "mobile", "feature": "sms"}
    ).content.decode()

    assert "+1 415-555-0123" in html and "+1 212-555-0111" not in html
    assert 'data-regions="CA" data-features="sms|voice"' in html


def test_a_region_from_another_search_is_ignored(keyed, upstream):
    upstream.get(url("/virtual_numbers/available"), json=two_states())

    html = keyed.get(
        SEARCH, {"country": "US", "number_type": "mobile", "region": "Vilnius"}
    ).content.decode()

    assert "Showing <span data-shown>2</span> of 2" in html


def test_each_country_and_type_is_searched_and_cached_separately(keyed, upstream):
    upstream.get(url("/virtual_numbers/available"), json=two_states())

    keyed.get(SEARCH, {"country": "US", "number_type": "mobile"})
    keyed.get(SEARCH, {"country": "US", "number_type": "local"})
    keyed.get(SEARCH, {"country": "US", "number_type": "mobile"})

    assert len(calls_to(upstream, "GET", "/virtual_numbers/available")) == 2


def test_an_unknown_country_or_type_is_refused_without_asking_upstream(keyed, upstream):
    response = keyed.get(SEARCH, {"country": "XX", "number_type": "satellite"})

    html = response.content.decode()
    assert len(upstream.calls) == 0
    assert "Check the search" in html and "Select a valid choice" in html


def test_an_empty_inventory_says_so(keyed, upstream):
    upstream.get(url("/virtual_numbers/available"), json={"data": []})

    html = keyed.get(SEARCH, {"country": "DE", "number_type": "toll-free"}).content.decode()

    assert "No numbers found" in html


def test_a_rejected_search_is_explained_in_the_results(keyed, upstream):
    upstream.get(
        url("/virtual_numbers/available"), status=422, json={"error": "Unsupported country"}
    )

    response = keyed.get(
        SEARCH, {"country": "LT", "number_type": "toll-free"}, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 422
    assert b"Search failed" in response.content
    assert b"IdentityCall did not accept the request as sent." in response.content


def test_an_unreachable_upstream_becomes_an_alert_for_htmx(keyed, upstream):
    upstream.get(url("/virtual_numbers/available"), status=503, body="<html>proxy</html>")

    response = keyed.get(SEARCH, {"country": "US", "number_type": "mobile"}, HTTP_HX_REQUEST="true")

    assert response.status_code == 502
    assert response.headers["HX-Retarget"] == "#alerts"
    assert b"proxy" not in response.content


def test_regions_below_the_country_are_shown_and_offered_for_narrowing(keyed, upstream):
    offer = offer_json(
        region_information=[
            {"region_type": "state", "region_name": "TX"},
            {"region_type": "rate_center", "region_name": "AUSTIN"},
            {"region_type": "country", "region_name": "US"},
        ]
    )
    upstream.get(url("/virtual_numbers/available"), json=inventory(offer))

    html = keyed.get(SEARCH, {"country": "US", "number_type": "mobile"}).content.decode()

    assert 'TX (state)</span>, <span class="region">Austin (rate center)</span></td>' in html
    assert '<option value="AUSTIN">Austin (rate center)</option>' in html
    assert '<option value="US">' not in html
    assert 'data-regions="TX|AUSTIN"' in html
