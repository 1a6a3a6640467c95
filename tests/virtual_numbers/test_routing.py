"""Routing: attach an existing or a new operator, detach one; htmx swaps the routing section."""

import json
import re

import pytest
from django.urls import reverse

from tests.virtual_numbers.builders import calls_to, detail_json, operator_json, sent, url

ADD = reverse("virtual_numbers:add_operator", args=[9])
REMOVE = reverse("virtual_numbers:remove_operator", args=[9, 1])
DETAIL = reverse("virtual_numbers:detail", args=[9])
HTMX = {"HTTP_HX_REQUEST": "true"}


def templates_of(response):
    return [template.name for template in response.templates]


def is_number_not_found(response):
    """The section's not-found page: "Number not found", why, and the way back to all numbers."""
    html = response.content.decode()
    return (response.status_code == 404
            and "_partials/not_found.html" in templates_of(response)
            and "Number not found" in html
            and "It may have been deleted, or your API key cannot see it." in html)


def attached(**overrides):
    """The number after Greta Hall (22) joined the end of the routing list."""
    operators = [
        *detail_json()["operators"],
        operator_json(22, "Greta Hall", "+14155550199", priority=2),
    ]
    return {"data": detail_json(operators=operators, available_operators=[], **overrides)}


# Attaching


def test_attaching_an_existing_operator_with_htmx_swaps_the_routing_section(keyed, upstream):
    upstream.post(url("/virtual_numbers/9/add_operator"), json=attached())

    response = keyed.post(ADD, {"operator_id": "22"}, **HTMX)

    (call,) = calls_to(upstream, "POST", "/virtual_numbers/9/add_operator")
    assert sent(call) == {"operator_id": 22}
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="routing"')
    assert "Attached Greta Hall." in html
    assert '<span class="visually-hidden">3. </span><strong>Greta Hall</strong>' in html
    assert json.loads(response.headers["HX-Trigger"]) == {"routingChanged": {"number_id": 9}}
    assert len(upstream.calls) == 1


def test_attaching_a_new_operator_normalises_the_phone_first(keyed, upstream):
    upstream.post(url("/virtual_numbers/9/add_operator"), json=attached())

    keyed.post(
        ADD, {"name": "Greta Hall", "phone_number": "(415) 555-0199", "region": "US"}, **HTMX
    )

    assert sent(upstream.calls[0]) == {"phone_number": "+14155550199", "name": "Greta Hall"}


def test_a_new_operator_with_a_local_lithuanian_number_is_read_as_lithuanian(keyed, upstream):
    upstream.post(url("/virtual_numbers/9/add_operator"), json=attached())

    keyed.post(
        ADD, {"name": "Aldona Petrauskaitė", "phone_number": "8 612 34567", "region": "LT"}, **HTMX
    )

    assert sent(upstream.calls[0]) == {
        "phone_number": "+37061234567",
        "name": "Aldona Petrauskaitė",
    }


def test_an_invalid_phone_is_a_field_error_and_nothing_is_sent(keyed, upstream):
    upstream.get(url("/virtual_numbers/9"), json={"data": detail_json()})

    response = keyed.post(ADD, {"name": "Greta", "phone_number": "12", "region": "US"}, **HTMX)

    html = response.content.decode()
    assert response.status_code == 422
    assert "wrong number of digits" in html
    assert 'value="Greta"' in html and 'value="12"' in html
    assert calls_to(upstream, "POST", "/virtual_numbers/9/add_operator") == []
    assert "HX-Trigger" not in response.headers


def test_attaching_without_choosing_an_operator_asks_for_one(keyed, upstream):
    upstream.get(url("/virtual_numbers/9"), json={"data": detail_json()})

    response = keyed.post(ADD, {"operator_id": ""}, **HTMX)

    assert response.status_code == 422
    assert b"Choose an operator to attach." in response.content
    assert calls_to(upstream, "POST", "/virtual_numbers/9/add_operator") == []


def test_attaching_without_javascript_redirects_to_the_number_with_a_message(keyed, upstream):
    upstream.post(url("/virtual_numbers/9/add_operator"), json=attached())
    upstream.get(url("/virtual_numbers/9"), json=attached())

    response = keyed.post(ADD, {"operator_id": "22"})

    assert response.status_code == 302 and response["Location"] == DETAIL
    assert b"Attached Greta Hall." in keyed.get(DETAIL).content


def test_attaching_goes_back_to_a_local_next_page(keyed, upstream):
    upstream.post(url("/virtual_numbers/9/add_operator"), json=attached())

    response = keyed.post(ADD, {"operator_id": "22", "next": "/operators/22/"})

    assert response["Location"] == "/operators/22/"


def test_attaching_with_htmx_and_next_redirects_the_browser(keyed, upstream):
    upstream.post(url("/virtual_numbers/9/add_operator"), json=attached())

    response = keyed.post(ADD, {"operator_id": "22", "next": "/operators/22/"}, **HTMX)

    assert response.headers["HX-Redirect"] == "/operators/22/"


@pytest.mark.parametrize(
    "evil", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"]
)
def test_a_next_url_off_this_site_is_ignored(keyed, upstream, evil):
    upstream.post(url("/virtual_numbers/9/add_operator"), json=attached())

    response = keyed.post(ADD, {"operator_id": "22", "next": evil})

    assert response["Location"] == DETAIL


def test_a_short_form_answer_is_completed_by_reading_the_number(keyed, upstream):
    upstream.post(
        url("/virtual_numbers/9/add_operator"),
        json={"data": {"id": 9, "phone_number": "+14155550100", "operators_count": 3}},
    )
    upstream.get(url("/virtual_numbers/9"), json=attached())

    response = keyed.post(ADD, {"operator_id": "22"}, **HTMX)

    assert b"<strong>Greta Hall</strong>" in response.content
    assert len(calls_to(upstream, "GET", "/virtual_numbers/9")) == 1


def test_upstream_validation_errors_land_on_the_phone_field(keyed, upstream):
    upstream.post(
        url("/virtual_numbers/9/add_operator"),
        status=422,
        json={"errors": ["phone_number has already been taken"]},
    )
    upstream.get(url("/virtual_numbers/9"), json={"data": detail_json()})

    response = keyed.post(
        ADD, {"name": "Greta", "phone_number": "+14155550199", "region": "US"}, **HTMX
    )

    html = response.content.decode()
    assert response.status_code == 422
    assert re.search(
        r'field--invalid">\s*<label for="id_phone_number".*?Phone number has already been taken',
        html,
        re.S,
    )
    assert 'value="+14155550199"' in html


def test_an_operator_that_vanished_is_explained(keyed, upstream):
    upstream.post(
        url("/virtual_numbers/9/add_operator"), status=404, json={"error": "Resource not found"}
    )
    upstream.get(url("/virtual_numbers/9"), json={"data": detail_json()})

    response = keyed.post(ADD, {"operator_id": "22"}, **HTMX)

    assert response.status_code == 404
    assert templates_of(response)[0] == "routing"  # the routing section, swapped in place
    assert b"could not find this number or operator" in response.content
    assert b'<option value="22" selected>' in response.content


def test_a_read_only_key_keeps_the_input_and_says_why(keyed, upstream):
    upstream.post(
        url("/virtual_numbers/9/add_operator"),
        status=403,
        json={"error": "Write permission required"},
    )
    upstream.get(url("/virtual_numbers/9"), json={"data": detail_json()})

    response = keyed.post(ADD, {"name": "Greta", "phone_number": "415 555 0199", "region": "US"})

    html = response.content.decode()
    assert response.status_code == 403
    assert templates_of(response)[0] == "virtual_numbers/detail.html"
    assert "Your API key is read-only, so it cannot change who answers this number." in html
    assert 'value="Greta"' in html and "<html" in html


def test_attaching_to_an_unknown_number_is_a_404(keyed, upstream):
    upstream.post(
        url("/virtual_numbers/9/add_operator"), status=404, json={"error": "Resource not found"}
    )
    upstream.get(url("/virtual_numbers/9"), status=404, json={"error": "Resource not found"})

    assert is_number_not_found(keyed.post(ADD, {"operator_id": "22"}))


def test_attaching_needs_a_post(keyed):
    assert keyed.get(ADD).status_code == 405


# Detaching


def test_the_detach_confirmation_page_works_without_javascript(keyed, upstream):
    upstream.get(url("/virtual_numbers/9"), json={"data": detail_json()})

    response = keyed.get(REMOVE, {"next": "/operators/1/"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Detach Jane Doe?" in html and "will no longer ring Jane Doe" in html
    assert f'action="{REMOVE}"' in html and 'name="next" value="/operators/1/"' in html
    assert len(upstream.calls) == 1


def test_the_detach_page_of_an_operator_not_on_the_number_is_a_404(keyed, upstream):
    upstream.get(url("/virtual_numbers/9"), json={"data": detail_json()})

    response = keyed.get(reverse("virtual_numbers:remove_operator", args=[9, 77]))

    assert response.status_code == 404
    assert "404.html" in templates_of(response)
    assert "There is nothing at this address." in response.content.decode()


def test_the_detach_page_drops_a_foreign_next(keyed, upstream):
    upstream.get(url("/virtual_numbers/9"), json={"data": detail_json()})

    html = keyed.get(REMOVE, {"next": "https://evil.example/"}).content.decode()

    assert "evil.example" not in html


def detached():
    operators = [op for op in detail_json()["operators"] if op["id"] != 1]
    available = [
        *detail_json()["available_operators"],
        operator_json(1, "Jane Doe", "+14155550101"),
    ]
    return {"data": detail_json(operators=operators, available_operators=available)}


def test_detaching_with_htmx_sends_the_operator_id_and_swaps_the_section(keyed, upstream):
    upstream.delete(url("/virtual_numbers/9/remove_operator"), json=detached())

    response = keyed.post(REMOVE, **HTMX)

    (call,) = upstream.calls
    assert call.request.method == "DELETE"
    assert call.request.url == url("/virtual_numbers/9/remove_operator?operator_id=1")
    html = response.content.decode()
    assert "Detached Jane Doe." in html and "<strong>Jane Doe</strong>" not in html
    assert '<option value="1">Jane Doe · +1 415-555-0101</option>' in html
    assert "routingChanged" in response.headers["HX-Trigger"]


def test_detaching_without_javascript_returns_to_next(keyed, upstream):
    upstream.delete(url("/virtual_numbers/9/remove_operator"), json=detached())

    response = keyed.post(REMOVE, {"next": "/operators/1/"})

    assert response.status_code == 302 and response["Location"] == "/operators/1/"


def test_detaching_with_a_foreign_next_returns_to_the_number(keyed, upstream):
    upstream.delete(url("/virtual_numbers/9/remove_operator"), json=detached())

    response = keyed.post(REMOVE, {"next": "https://evil.example/"})

    assert response["Location"] == DETAIL


def test_detaching_twice_says_the_operator_was_already_gone(keyed, upstream):
    upstream.delete(
        url("/virtual_numbers/9/remove_operator"), status=404, json={"error": "Resource not found"}
    )
    upstream.get(url("/virtual_numbers/9"), json=detached())

    response = keyed.post(REMOVE, **HTMX)

    assert response.status_code == 200
    assert b"That operator was not on this number any more." in response.content


def test_detaching_from_a_deleted_number_is_a_404(keyed, upstream):
    upstream.delete(
        url("/virtual_numbers/9/remove_operator"), status=404, json={"error": "Resource not found"}
    )
    upstream.get(url("/virtual_numbers/9"), status=404, json={"error": "Resource not found"})

    assert is_number_not_found(keyed.post(REMOVE))


def test_detaching_with_a_read_only_key_says_why(keyed, upstream):
    upstream.delete(
        url("/virtual_numbers/9/remove_operator"),
        status=403,
        json={"error": "Write permission required"},
    )
    upstream.get(url("/virtual_numbers/9"), json={"data": detail_json()})

    response = keyed.post(REMOVE, **HTMX)

    assert response.status_code == 403
    assert (
        b"Your API key is read-only, so it cannot change who answers this number."
        in response.content
    )
    assert b"<strong>Jane Doe</strong>" in response.content
