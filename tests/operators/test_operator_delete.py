"""Deleting an operator: which numbers lose them, then the delete (a write, not a delete)."""

import pytest

from apps.frame.key_hints import CANNOT_WRITE
from tests import transport_faults
from tests.operators.conftest import operator_json, url

HTMX = {"HX-Request": "true"}


@pytest.fixture
def aldona(upstream):
    upstream.get(url("/operators/22"), json={"data": operator_json()})


def test_the_confirmation_lists_the_numbers_whose_routing_loses_the_operator(keyed, aldona):
    html = keyed.get("/operators/22/delete/").content.decode()

    assert "These numbers stop routing calls to Aldona Petrauskaitė:" in html
    assert '<a href="/numbers/9/">+1 201-555-0123</a> · US Sales Line' in html


def test_an_operator_on_no_number_says_no_routing_changes(keyed, upstream):
    upstream.get(url("/operators/22"), json={"data": operator_json(virtual_numbers=[])})

    html = keyed.get("/operators/22/delete/").content.decode()

    assert "answers no numbers, so no routing changes" in html


def test_delete_accepts_the_success_body_and_returns_to_the_list(keyed, upstream, aldona):
    upstream.delete(url("/operators/22"), json={"success": True})
    upstream.get(url("/operators"), json={"data": []})

    response = keyed.post("/operators/22/delete/", follow=True)

    assert response.redirect_chain == [("/operators/", 302)]
    assert "Operator “Aldona Petrauskaitė” deleted." in response.content.decode()


def test_htmx_delete_answers_with_a_client_redirect(keyed, upstream, aldona):
    upstream.delete(url("/operators/22"), status=204)

    response = keyed.post("/operators/22/delete/", headers=HTMX)

    assert response["HX-Redirect"] == "/operators/"


def test_a_read_only_key_is_refused_clearly(keyed, upstream, aldona):
    upstream.delete(url("/operators/22"), status=403, json={"error": "Write permission required"})

    response = keyed.post("/operators/22/delete/", headers=HTMX)

    html = response.content.decode()
    assert response.status_code == 403
    assert html.lstrip().startswith('<section id="delete-form"')
    assert "Your API key is read-only" in html
    assert keyed.session[CANNOT_WRITE] is True


def test_an_operator_already_deleted_says_so(keyed, upstream, aldona):
    upstream.delete(url("/operators/22"), status=404, json={"error": "Resource not found"})

    response = keyed.post("/operators/22/delete/")

    assert response["Location"] == "/operators/"


def test_an_unreachable_upstream_says_nothing_changed(keyed, upstream, aldona):
    upstream.delete(url("/operators/22"), body=transport_faults.refused())

    response = keyed.post("/operators/22/delete/")

    assert response.status_code == 502
    assert "IdentityCall is unreachable; nothing was changed." in response.content.decode()
