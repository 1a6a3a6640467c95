"""Attaching or detaching an operator whose outcome is unknown: the number is read again and the
routing section says what IdentityCall lists now, never "nothing was changed"; a 409 is explained.
"""

import html as entities

import pytest
from django.urls import reverse

from tests.transport_faults import dropped, read_timeout, refused
from tests.virtual_numbers.builders import calls_to, detail_json, operator_json, url

ADD = reverse("virtual_numbers:add_operator", args=[9])
REMOVE = reverse("virtual_numbers:remove_operator", args=[9, 1])
HTMX = {"HTTP_HX_REQUEST": "true"}
NEW_GRETA = {"name": "Kept Greta", "phone_number": "(415) 555-0177", "region": "US"}
UNKNOWN = "may or may not have been applied"
LISTED_NOW = "The operators shown are as IdentityCall lists them now."


def number(*operators):
    return {"data": detail_json(operators=list(operators), available_operators=[])}


JANE = operator_json(1, "Jane Doe", "+14155550101", priority=0)
GRETA = operator_json(40, "Kept Greta", "+14155550177", priority=1)
UNSURE = {
    "500": {"status": 500, "json": {"error": "boom"}},
    "dropped-after-sending": {"body": dropped()},
    "read-timeout": {"body": read_timeout()},
}


@pytest.mark.parametrize("answer", UNSURE.values(), ids=UNSURE.keys())
def test_an_attach_of_unknown_outcome_shows_the_routing_as_it_is_now(keyed, upstream, answer):
    upstream.post(url("/virtual_numbers/9/add_operator"), **answer)
    upstream.get(url("/virtual_numbers/9"), json=number(JANE))

    response = keyed.post(ADD, NEW_GRETA, **HTMX)

    html = response.content.decode()
    assert response.status_code in (502, 504)
    assert UNKNOWN in html and LISTED_NOW in html
    assert "Kept Greta is not on this number now." in html
    assert "nothing was changed" not in html
    assert 'value="Kept Greta"' in html  # the typed operator stays in the form
    assert len(calls_to(upstream, "POST", "/add_operator")) == 1


def test_an_attach_of_unknown_outcome_that_did_happen_reads_as_done(keyed, upstream):
    upstream.post(url("/virtual_numbers/9/add_operator"), body=dropped())
    upstream.get(url("/virtual_numbers/9"), json=number(JANE, GRETA))

    response = keyed.post(ADD, NEW_GRETA, **HTMX)

    html = entities.unescape(response.content.decode())
    assert response.status_code == 200
    assert ("Attached Kept Greta: IdentityCall's answer was lost, but the number lists them "
            "now.") in html
    assert "routingChanged" in response.headers["HX-Trigger"]


def test_an_attach_that_never_left_says_nothing_changed(keyed, upstream):
    upstream.post(url("/virtual_numbers/9/add_operator"), body=refused())
    upstream.get(url("/virtual_numbers/9"), json=number(JANE))

    response = keyed.post(ADD, NEW_GRETA, **HTMX)

    html = response.content.decode()
    assert response.status_code == 502
    assert "IdentityCall is unreachable; nothing was changed." in html
    assert 'value="Kept Greta"' in html


@pytest.mark.parametrize("answer", UNSURE.values(), ids=UNSURE.keys())
def test_a_detach_of_unknown_outcome_shows_the_routing_as_it_is_now(keyed, upstream, answer):
    upstream.delete(url("/virtual_numbers/9/remove_operator"), **answer)
    upstream.get(url("/virtual_numbers/9"), json=number(JANE))

    response = keyed.post(REMOVE, **HTMX)

    html = response.content.decode()
    assert response.status_code in (502, 504)
    assert UNKNOWN in html and LISTED_NOW in html
    assert "nothing was changed" not in html
    assert html.lstrip().startswith('<section id="routing"')  # the section, not an error page


def test_a_detach_of_unknown_outcome_that_did_happen_reads_as_done(keyed, upstream):
    upstream.delete(url("/virtual_numbers/9/remove_operator"), status=502, body="<html>x</html>")
    upstream.get(url("/virtual_numbers/9"), json=number())

    response = keyed.post(REMOVE, **HTMX)

    assert response.status_code == 200
    assert ("Detached the operator: IdentityCall's answer was lost, but the number no longer "
            "lists them.") in entities.unescape(response.content.decode())


def test_a_detach_of_unknown_outcome_without_javascript_shows_the_number_page(keyed, upstream):
    upstream.delete(url("/virtual_numbers/9/remove_operator"), status=500, json={"error": "x"})
    upstream.get(url("/virtual_numbers/9"), json=number(JANE))

    response = keyed.post(REMOVE)

    html = response.content.decode()
    assert response.status_code == 502
    assert UNKNOWN in html and "<strong>Jane Doe</strong>" in html


def test_an_attach_refused_with_a_conflict_quotes_identitycall_escaped(keyed, upstream):
    upstream.post(url("/virtual_numbers/9/add_operator"), status=409,
                  json={"error": "Operator <i>already</i> attached"})
    upstream.get(url("/virtual_numbers/9"), json=number(JANE))

    response = keyed.post(ADD, {"operator_id": "1"}, **HTMX)

    html = response.content.decode()
    assert response.status_code == 409
    assert ("The request conflicts with the current state in IdentityCall: Operator "
            "&lt;i&gt;already&lt;/i&gt; attached.") in html
    assert "<i>already" not in html


def test_a_detach_refused_with_a_conflict_quotes_identitycall_escaped(keyed, upstream):
    upstream.delete(url("/virtual_numbers/9/remove_operator"), status=409,
                    json={"error": "Last operator <i>cannot</i> be removed"})
    upstream.get(url("/virtual_numbers/9"), json=number(JANE))

    response = keyed.post(REMOVE, **HTMX)

    html = response.content.decode()
    assert response.status_code == 409
    assert ("The request conflicts with the current state in IdentityCall: Last operator "
            "&lt;i&gt;cannot&lt;/i&gt; be removed.") in html
    assert html.lstrip().startswith('<section id="routing"')
