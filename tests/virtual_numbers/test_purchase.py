"""Buying a number: a confirmation with a one-time token, so a number is bought at most once."""

import threading
import time
from datetime import timedelta

import pytest
import requests
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from apps.virtual_numbers import purchase_tokens as tokens
from apps.virtual_numbers.models import PurchaseToken
from tests.factories import OTHER_KEY, give_key, make_user
from tests.virtual_numbers.builders import calls_to, inventory, number_json, offer_json, sent, url

CONFIRM = reverse("virtual_numbers:purchase_confirm")
OFFER = {"phone_number": "+14155550123", "country_code": "US", "number_type": "mobile"}
PURCHASE = "/virtual_numbers/purchase"


@pytest.fixture
def offered(upstream):
    """The inventory holds the offered number."""
    upstream.get(url("/virtual_numbers/available"), json=inventory(offer_json()))
    return upstream


def confirm(client):
    """Open the confirmation and return its one-time token value."""
    response = client.get(CONFIRM, OFFER)
    assert response.status_code == 200, response.content
    return response.context["form"]["token"].value()


def bought(upstream, status=201, **fields):
    upstream.post(
        url(PURCHASE),
        status=status,
        json={
            "data": number_json(
                id=31,
                phone_number="+14155550123",
                name="Sales",
                operators=[],
                operators_count=0,
                **fields,
            )
        },
    )


# The confirmation page


def test_the_confirmation_repeats_the_number_its_costs_and_features(keyed, offered):
    response = keyed.get(CONFIRM, OFFER)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Buy +1 415-555-0123?" in html
    assert "1.00" in html and "1.15" in html and ">SMS<" in html and "CA (state)" in html
    assert 'name="token"' in html and "data-once" in html
    assert "Display name" in html and "Regulatory requirement group ID" in html
    assert PurchaseToken.objects.get().phone_number == "+14155550123"
    assert len(calls_to(offered, "POST", PURCHASE)) == 0


def test_the_confirmation_uses_the_cached_search_and_the_inventory_prices(keyed, offered):
    keyed.get(reverse("virtual_numbers:available"), {"country": "US", "number_type": "mobile"})

    response = keyed.get(CONFIRM, {**OFFER, "upfront_cost": "0.01"})

    assert len(offered.calls) == 1
    assert PurchaseToken.objects.get().offer["upfront_cost"] == "1.00"
    assert b"0.01" not in response.content


def test_a_number_no_longer_in_the_inventory_cannot_be_confirmed(keyed, upstream):
    upstream.get(url("/virtual_numbers/available"), json=inventory(offer_json("+12125550111")))

    response = keyed.get(CONFIRM, OFFER)

    assert response.status_code == 404
    assert b"Number no longer available" in response.content and b"Search again" in response.content
    assert PurchaseToken.objects.count() == 0


def test_a_confirmation_without_a_chosen_number_goes_back_to_the_search(keyed, upstream):
    response = keyed.get(CONFIRM, {"phone_number": "+14155550123"})

    assert response.status_code == 302 and response["Location"] == reverse(
        "virtual_numbers:available"
    )
    assert len(upstream.calls) == 0


def test_countries_needing_a_requirement_group_say_so(keyed, upstream):
    upstream.get(
        url("/virtual_numbers/available"),
        json=inventory(offer_json("+4915112345678", country_code="DE", region="Berlin")),
    )

    response = keyed.get(
        CONFIRM, {"phone_number": "+4915112345678", "country_code": "DE", "number_type": "mobile"}
    )

    assert b"(required in Germany)" in response.content
    assert b"Numbers in Germany need an approved regulatory requirement group." in response.content


def test_a_number_bought_earlier_is_not_offered_again(keyed, user, offered):
    token = tokens.issue(user, tokens.AvailableNumber.from_api(offer_json()), "mobile")
    tokens.claim(token, user)
    tokens.complete(token, 31)

    response = keyed.get(CONFIRM, OFFER)

    assert b"This number was already bought" in response.content
    assert reverse("virtual_numbers:detail", args=[31]).encode() in response.content
    assert PurchaseToken.objects.count() == 1


# Buying


def test_buying_posts_the_confirmed_offer_and_opens_the_new_number(keyed, offered):
    token = confirm(keyed)
    bought(offered)

    response = keyed.post(CONFIRM, {"token": token, "name": " Sales ", "requirement_group_id": ""})

    (call,) = calls_to(offered, "POST", PURCHASE)
    assert sent(call) == {
        "phone_number": "+14155550123",
        "country_code": "US",
        "number_type": "mobile",
        "name": "Sales",
        "upfront_cost": "1.00",
        "monthly_cost": "1.15",
    }
    assert response.status_code == 302
    assert response["Location"] == reverse("virtual_numbers:detail", args=[31])
    assert PurchaseToken.objects.get().number_id == 31


def test_buying_sends_the_requirement_group_as_a_number(keyed, offered):
    token = confirm(keyed)
    bought(offered)

    keyed.post(CONFIRM, {"token": token, "name": "Sales", "requirement_group_id": "77"})

    assert sent(calls_to(offered, "POST", PURCHASE)[0])["requirement_group_id"] == 77


def test_buying_forgets_the_cached_search(keyed, offered):
    token = confirm(keyed)
    bought(offered)
    keyed.post(CONFIRM, {"token": token, "name": "Sales"})

    keyed.get(reverse("virtual_numbers:available"), {"country": "US", "number_type": "mobile"})

    assert len(calls_to(offered, "GET", "/virtual_numbers/available")) == 2


def test_a_missing_display_name_is_asked_for_without_buying(keyed, offered):
    token = confirm(keyed)

    response = keyed.post(CONFIRM, {"token": token, "name": "  ", "requirement_group_id": "5"})

    assert response.status_code == 422
    assert b"This field is required." in response.content
    assert b'value="5"' in response.content
    assert len(calls_to(offered, "POST", PURCHASE)) == 0
    assert PurchaseToken.objects.get().used_at is None


def test_a_replayed_confirmation_buys_nothing_and_links_to_the_number(keyed, offered):
    token = confirm(keyed)
    bought(offered)
    keyed.post(CONFIRM, {"token": token, "name": "Sales"})

    response = keyed.post(CONFIRM, {"token": token, "name": "Sales again"})

    assert response.status_code == 200
    assert b"This number was already bought" in response.content
    assert reverse("virtual_numbers:detail", args=[31]).encode() in response.content
    assert len(calls_to(offered, "POST", PURCHASE)) == 1
    assert len(calls_to(offered, "GET", "/virtual_numbers")) == 0


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_posts_of_one_confirmation_call_upstream_once(user, upstream):
    give_key(user)
    first_client, second_client = Client(), Client()
    first_client.force_login(user)
    second_client.force_login(user)
    upstream.get(url("/virtual_numbers/available"), json=inventory(offer_json()))
    token = confirm(first_client)
    second_done = threading.Event()

    def slow_purchase(request):
        second_done.wait(5)  # hold the first attempt open until the second one has answered
        return 201, {}, '{"data": {"id": 31, "phone_number": "+14155550123", "name": "Sales"}}'

    upstream.add_callback("POST", url(PURCHASE), callback=slow_purchase)
    results = {}

    def post(name, client):
        results[name] = client.post(CONFIRM, {"token": token, "name": "Sales"})
        if name == "second":
            second_done.set()
        connection.close()

    first = threading.Thread(target=post, args=("first", first_client))
    first.start()
    while not PurchaseToken.objects.filter(used_at__isnull=False).exists():
        time.sleep(0.01)  # until the first request has claimed the token
    original_wait = tokens.REPLAY_WAIT_SECONDS
    tokens.REPLAY_WAIT_SECONDS = 0.2
    try:
        post("second", second_client)
    finally:
        tokens.REPLAY_WAIT_SECONDS = original_wait
    first.join()

    assert len(calls_to(upstream, "POST", PURCHASE)) == 1
    assert results["first"].status_code == 302
    assert results["second"].status_code == 409
    assert b"Purchase in progress" in results["second"].content
    assert reverse("virtual_numbers:list").encode() in results["second"].content
    assert PurchaseToken.objects.get().number_id == 31


def test_a_replay_waits_briefly_for_the_attempt_in_flight(keyed, user, offered, monkeypatch):
    token = confirm(keyed)
    row = tokens.find(token)
    tokens.claim(row, user)
    monkeypatch.setattr(
        tokens, "wait_for_outcome", lambda token, user: tokens.complete(token, 31) or tokens.BOUGHT
    )

    response = keyed.post(CONFIRM, {"token": token, "name": "Sales"})

    assert b"This number was already bought" in response.content
    assert len(calls_to(offered, "POST", PURCHASE)) == 0


def test_an_expired_confirmation_is_refused_without_buying(keyed, offered):
    token = confirm(keyed)
    PurchaseToken.objects.update(created_at=timezone.now() - timedelta(minutes=16))

    response = keyed.post(CONFIRM, {"token": token, "name": "Sales"})

    assert response.status_code == 410
    assert (
        b"This confirmation has expired" in response.content and b"Search again" in response.content
    )
    assert len(calls_to(offered, "POST", PURCHASE)) == 0


def test_another_users_confirmation_is_refused_without_buying(client, keyed, user, offered):
    token = confirm(keyed)
    stranger = make_user("mallory")
    give_key(stranger, OTHER_KEY)
    client.force_login(stranger)

    response = client.post(CONFIRM, {"token": token, "name": "Sales"})

    assert response.status_code == 403
    assert b"made for another account" in response.content
    assert b"+1 415-555-0123" not in response.content
    assert len(calls_to(offered, "POST", PURCHASE)) == 0
    assert PurchaseToken.objects.get().used_at is None


def test_an_unknown_confirmation_is_refused_without_buying(keyed, upstream):
    response = keyed.post(CONFIRM, {"token": "made-up", "name": "Sales"})

    assert response.status_code == 400
    assert b"This confirmation cannot be used" in response.content
    assert len(upstream.calls) == 0


# Refusals and failures


def test_a_requirement_group_refusal_is_explained_and_the_name_is_kept(keyed, offered):
    token = confirm(keyed)
    offered.post(
        url(PURCHASE), status=422, json={"error": "Requirement group required for this country"}
    )

    response = keyed.post(CONFIRM, {"token": token, "name": "Vilnius desk"})

    html = response.content.decode()
    assert response.status_code == 422
    assert "A regulatory requirement group is needed" in html
    assert "IdentityCall dashboard" in html and "Nothing was bought" in html
    assert 'value="Vilnius desk"' in html
    assert "Enter the ID of an approved requirement group for United States." in html
    assert PurchaseToken.objects.get().used_at is None


def test_after_a_refusal_the_same_confirmation_can_be_sent_again(keyed, offered):
    token = confirm(keyed)
    offered.post(url(PURCHASE), status=422, json={"error": "Requirement group required"})
    keyed.post(CONFIRM, {"token": token, "name": "Desk"})
    offered.replace(
        "POST",
        url(PURCHASE),
        status=201,
        json={"data": number_json(id=31, phone_number="+14155550123")},
    )

    response = keyed.post(CONFIRM, {"token": token, "name": "Desk", "requirement_group_id": "4"})

    assert response.status_code == 302
    assert len(calls_to(offered, "POST", PURCHASE)) == 2
    assert sent(calls_to(offered, "POST", PURCHASE)[1])["requirement_group_id"] == 4


def test_a_number_someone_else_bought_sends_the_user_back_to_the_search(keyed, offered):
    token = confirm(keyed)
    offered.post(url(PURCHASE), status=422, json={"errors": ["phone_number is not available"]})

    response = keyed.post(CONFIRM, {"token": token, "name": "Sales"})

    html = response.content.decode()
    assert response.status_code == 409
    assert "This number is no longer available" in html
    assert "/numbers/available/?country=US&amp;number_type=mobile" in html


def test_other_validation_errors_are_listed_escaped(keyed, offered):
    token = confirm(keyed)
    offered.post(url(PURCHASE), status=422, json={"errors": ["name <b>is</b> too long"]})

    response = keyed.post(CONFIRM, {"token": token, "name": "Sales"})

    html = response.content.decode()
    assert "IdentityCall did not accept the purchase" in html
    assert "name &lt;b&gt;is&lt;/b&gt; too long" in html


def test_a_read_only_key_is_told_clearly_and_the_input_is_kept(keyed, client, offered):
    token = confirm(keyed)
    offered.post(url(PURCHASE), status=403, json={"error": "Write permission required"})

    response = keyed.post(CONFIRM, {"token": token, "name": "Sales", "requirement_group_id": "3"})

    html = response.content.decode()
    assert response.status_code == 403
    assert "Your API key is read-only, so it cannot buy numbers." in html
    assert reverse("accounts:api_key") in html
    assert 'value="Sales"' in html and 'value="3"' in html
    assert PurchaseToken.objects.get().used_at is None
    assert keyed.session["key_cannot_write"] is True


def test_rate_limiting_is_a_definite_refusal(keyed, offered):
    token = confirm(keyed)
    offered.post(
        url(PURCHASE), status=429, headers={"Retry-After": "7"}, json={"error": "Slow down"}
    )

    response = keyed.post(CONFIRM, {"token": token, "name": "Sales"})

    assert response.status_code == 429
    assert b"Try again in 7 seconds" in response.content
    assert PurchaseToken.objects.get().used_at is None


@pytest.mark.parametrize(
    "failure",
    [
        {"body": requests.ConnectionError("reset")},
        {"body": requests.ReadTimeout("slow")},
        {"status": 500, "body": "<html>oops</html>"},
        {"status": 201, "body": "not json"},
    ],
    ids=["dropped", "timeout", "server-error", "unreadable"],
)
def test_an_unanswered_purchase_keeps_the_token_used_and_says_to_check(keyed, offered, failure):
    token = confirm(keyed)
    offered.post(url(PURCHASE), **failure)
    offered.get(url("/virtual_numbers"), json={"data": []})

    response = keyed.post(CONFIRM, {"token": token, "name": "Sales"})

    html = response.content.decode()
    assert response.status_code == 502
    assert (
        "IdentityCall did not answer; the purchase of +1 415-555-0123 may or may not have happened"
        in html
    )
    assert "Check your numbers before trying again" in html
    assert reverse("virtual_numbers:list") in html and "Search again" in html
    row = PurchaseToken.objects.get()
    assert row.used_at is not None and row.outcome == "uncertain"

    again = keyed.post(CONFIRM, {"token": token, "name": "Sales"})

    assert again.status_code == 502
    assert len(calls_to(offered, "POST", PURCHASE)) == 1


def test_an_unanswered_purchase_that_did_happen_is_found_in_the_numbers_list(keyed, offered):
    token = confirm(keyed)
    offered.post(url(PURCHASE), body=requests.ConnectionError("reset"))
    offered.get(
        url("/virtual_numbers"), json={"data": [number_json(id=44, phone_number="+14155550123")]}
    )
    keyed.post(CONFIRM, {"token": token, "name": "Sales"})

    response = keyed.post(CONFIRM, {"token": token, "name": "Sales"})

    assert b"This number was already bought" in response.content
    assert reverse("virtual_numbers:detail", args=[44]).encode() in response.content
    assert len(calls_to(offered, "POST", PURCHASE)) == 1


def test_a_fresh_confirmation_after_an_unanswered_attempt_warns_when_nothing_was_bought(
    keyed, user, offered
):
    token = tokens.issue(user, tokens.AvailableNumber.from_api(offer_json()), "mobile")
    tokens.claim(token, user)
    tokens.mark_uncertain(token)
    offered.get(url("/virtual_numbers"), json={"data": []})

    response = keyed.get(CONFIRM, OFFER)

    assert response.status_code == 200
    assert b"got no answer from IdentityCall" in response.content


def test_a_rejected_key_is_left_to_the_middleware_and_releases_the_token(keyed, offered):
    token = confirm(keyed)
    offered.post(url(PURCHASE), status=401, json={"error": "Invalid or expired API key"})

    response = keyed.post(CONFIRM, {"token": token, "name": "Sales"})

    assert response.status_code == 401
    assert b"IdentityCall rejected your API key." in response.content
    assert PurchaseToken.objects.get().used_at is None
