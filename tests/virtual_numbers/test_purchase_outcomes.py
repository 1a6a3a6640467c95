"""A purchase that never reached IdentityCall bought nothing and may be sent again; one that may
have reached it keeps its confirmation used and points to the numbers list; a 409 is explained."""

import pytest
from django.urls import reverse

from apps.virtual_numbers.models import PurchaseToken
from tests.transport_faults import connect_timeout, dropped, read_timeout, refused
from tests.virtual_numbers.builders import calls_to, inventory, number_json, offer_json, url

CONFIRM = reverse("virtual_numbers:purchase_confirm")
OFFER = {"phone_number": "+14155550123", "country_code": "US", "number_type": "mobile"}
PURCHASE = "/virtual_numbers/purchase"


@pytest.fixture
def offered(upstream):
    upstream.get(url("/virtual_numbers/available"), json=inventory(offer_json()))
    return upstream


def confirm(client):
    return client.get(CONFIRM, OFFER).context["form"]["token"].value()


@pytest.mark.parametrize(
    ("failure", "status"), [(refused, 502), (connect_timeout, 504)],
    ids=["refused", "connect-timeout"],
)
def test_a_purchase_that_never_left_bought_nothing_and_can_be_sent_again(
    keyed, offered, failure, status
):
    token = confirm(keyed)
    offered.post(url(PURCHASE), body=failure())

    response = keyed.post(CONFIRM, {"token": token, "name": "Kept line"})
    offered.replace("POST", url(PURCHASE), status=201,
                    json={"data": number_json(id=31, phone_number="+14155550123")})
    again = keyed.post(CONFIRM, {"token": token, "name": "Kept line"})

    html = response.content.decode()
    assert response.status_code == status
    assert "nothing was bought" in html.lower()
    assert "may or may not" not in html
    assert 'value="Kept line"' in html  # the confirmation form again, input kept
    assert again.status_code == 302 and again["Location"] == "/numbers/31/"
    assert len(calls_to(offered, "POST", PURCHASE)) == 2


@pytest.mark.parametrize(
    "failure",
    [{"body": dropped()}, {"body": read_timeout()}, {"status": 503, "json": {"error": "x"}}],
    ids=["dropped-after-sending", "read-timeout", "503"],
)
def test_a_purchase_that_may_have_reached_identitycall_is_never_sent_again_blindly(
    keyed, offered, failure
):
    token = confirm(keyed)
    offered.post(url(PURCHASE), **failure)
    offered.get(url("/virtual_numbers"), json={"data": []})

    response = keyed.post(CONFIRM, {"token": token, "name": "Kept line"})
    again = keyed.post(CONFIRM, {"token": token, "name": "Kept line"})

    html = response.content.decode()
    assert "the purchase of +1 415-555-0123 may or may not have happened" in html
    assert f'href="{reverse("virtual_numbers:list")}"' in html
    assert PurchaseToken.objects.get().outcome == "uncertain"
    assert again.status_code == 502
    assert len(calls_to(offered, "POST", PURCHASE)) == 1


def test_a_conflict_is_explained_with_identitycalls_words_and_nothing_was_bought(
    keyed, offered
):
    token = confirm(keyed)
    offered.post(url(PURCHASE), status=409,
                 json={"error": "Number <b>is being purchased</b> by another request"})

    response = keyed.post(CONFIRM, {"token": token, "name": "Kept line"})

    html = response.content.decode()
    assert response.status_code == 409
    assert ("The request conflicts with the current state in IdentityCall: Number "
            "&lt;b&gt;is being purchased&lt;/b&gt; by another request.") in html
    assert "Nothing was bought." in html
    assert "<b>is being" not in html
    assert 'value="Kept line"' in html
    assert PurchaseToken.objects.get().used_at is None  # a definite refusal frees the confirmation
