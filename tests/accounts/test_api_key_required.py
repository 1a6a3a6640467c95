"""A signed-in user without a key is sent to the key page first, with an explanation."""

import pytest

from tests.factories import BASE, projects_body


def test_a_user_without_a_key_is_sent_from_the_home_page_to_the_key_page(signed_in):
    response = signed_in.get("/", follow=True)

    assert response.redirect_chain[0] == ("/settings/api-key/?next=%2F", 302)
    assert "Add your IdentityCall API key to use the console" in response.content.decode()


@pytest.mark.parametrize("path", ["/recordings/", "/projects/", "/numbers/", "/operators/"])
def test_every_section_needs_a_key(signed_in, path):
    response = signed_in.get(path)
    assert response.status_code == 302
    assert response.url.startswith("/settings/api-key/")


def test_htmx_requests_get_hx_redirect_instead_of_a_302(signed_in):
    response = signed_in.get("/recordings/", headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert response["HX-Redirect"] == "/settings/api-key/"


@pytest.mark.parametrize(
    "path", ["/settings/api-key/", "/settings/api-key/remove/", "/healthz", "/admin/login/"]
)
def test_pages_that_work_without_a_key_are_not_redirected(signed_in, path):
    response = signed_in.get(path)
    # The middleware's redirect carries ?next=; the remove page's own "no key" redirect does not.
    assert "/settings/api-key/?next=" not in response.get("Location", "")


def test_posting_the_key_form_itself_is_not_redirected(signed_in, upstream):
    upstream.get(f"{BASE}/projects", json=projects_body(1))
    response = signed_in.post("/settings/api-key/", {"api_key": "idc_" + "q" * 32})
    assert response.url == "/settings/api-key/"


def test_anonymous_visitors_are_left_to_the_login_redirect(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/"


def test_a_user_with_a_key_is_let_through(keyed, upstream):
    upstream.get(f"{BASE}/projects", json=projects_body(1))
    response = keyed.get("/overview/counts/")
    # The overview's counts ran (and asked IdentityCall) instead of redirecting.
    assert response.status_code == 200
    assert upstream.calls
