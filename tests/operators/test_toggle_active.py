"""The active switch: htmx swaps just the switch; without JavaScript the post comes back."""

import json

from apps.frame.key_hints import CANNOT_WRITE
from tests.operators.conftest import operator_json, url

HTMX = {"HX-Request": "true"}


def test_htmx_sends_the_wanted_state_and_swaps_only_the_switch(keyed, upstream):
    upstream.patch(url("/operators/22"), json={"data": operator_json(active=False)})

    response = keyed.post(
        "/operators/22/active/", {"active": "false", "next": "/operators/"}, headers=HTMX
    )

    html = response.content.decode()
    assert json.loads(upstream.calls[0].request.body) == {"active": False}
    assert response.status_code == 200
    assert html.lstrip().startswith('<form id="active-22"')
    assert 'aria-checked="false"' in html
    assert '<input type="hidden" name="active" value="true">' in html  # the next click turns it on
    assert '<input type="hidden" name="next" value="/operators/">' in html


def test_without_javascript_the_post_redirects_back_with_a_message(keyed, upstream):
    upstream.patch(url("/operators/22"), json={"data": operator_json(active=True)})

    response = keyed.post("/operators/22/active/", {"active": "true", "next": "/operators/?q=ald"})

    assert json.loads(upstream.calls[0].request.body) == {"active": True}
    assert response.status_code == 302
    assert response["Location"] == "/operators/?q=ald"


def test_a_next_address_off_the_site_is_ignored(keyed, upstream):
    upstream.patch(url("/operators/22"), json={"data": operator_json()})

    response = keyed.post(
        "/operators/22/active/", {"active": "true", "next": "https://evil.example/"}
    )

    assert response["Location"] == "/operators/"


def test_a_double_click_sends_the_same_state_twice_not_a_flip_back(keyed, upstream):
    upstream.patch(url("/operators/22"), json={"data": operator_json(active=False)})

    keyed.post("/operators/22/active/", {"active": "false"}, headers=HTMX)
    keyed.post("/operators/22/active/", {"active": "false"}, headers=HTMX)

    assert [json.loads(call.request.body) for call in upstream.calls] == [{"active": False}] * 2


def test_a_read_only_key_gets_an_alert_and_is_remembered(keyed, upstream):
    upstream.patch(url("/operators/22"), status=403, json={"error": "Write permission required"})

    response = keyed.post("/operators/22/active/", {"active": "false"}, headers=HTMX)

    assert response.status_code == 403
    assert response["HX-Retarget"] == "#alerts"
    assert "Your API key is read-only" in response.content.decode()
    assert keyed.session[CANNOT_WRITE] is True


def test_a_read_only_key_without_javascript_comes_back_with_the_reason(keyed, upstream):
    upstream.patch(url("/operators/22"), status=403, json={"error": "Write permission required"})
    upstream.get(url("/operators"), json={"data": []})

    response = keyed.post(
        "/operators/22/active/", {"active": "false", "next": "/operators/"}, follow=True
    )

    html = response.content.decode()
    assert response.redirect_chain == [("/operators/", 302)]
    assert "Your API key is read-only: it does not have write permission. The operator" in html


def test_an_operator_that_is_gone_gets_a_not_found_alert(keyed, upstream):
    upstream.patch(url("/operators/22"), status=404, json={"error": "Resource not found"})

    response = keyed.post("/operators/22/active/", {"active": "false"}, headers=HTMX)

    assert response.status_code == 404
    assert response["HX-Retarget"] == "#alerts"
    assert (
        "Operator not found. It may have been deleted, or your API key cannot see it."
        in response.content.decode()
    )


def test_a_rejected_key_is_left_to_the_middleware(keyed, upstream):
    upstream.patch(url("/operators/22"), status=401, json={"error": "Invalid API key"})

    response = keyed.post("/operators/22/active/", {"active": "false"}, headers=HTMX)

    assert response.status_code == 401
    assert "IdentityCall rejected your API key." in response.content.decode()


def test_the_switch_only_takes_posts(keyed):
    assert keyed.get("/operators/22/active/").status_code == 405
