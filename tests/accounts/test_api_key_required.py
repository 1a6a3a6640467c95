"""A signed-in user without a key is sent to the key page first, with an explanation."""

import pytest
from responses import matchers

from tests.factories import BASE, numbers_body, operators_body, projects_body, recordings_page_body
from tests.accounts.probes import answer_probes


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


@pytest.mark.parametrize(("path", "status", "template", "words"), [
    ("/settings/api-key/", 200, "accounts/api_key.html", "Add your key"),
    ("/healthz", 200, None, '"status": "ok"'),
    ("/admin/login/", 200, "admin/login.html", "Log in"),
])
def test_pages_that_work_without_a_key_are_not_redirected(signed_in, path, status, template,
                                                         words):
    response = signed_in.get(path)

    # The page itself answers (not the key redirect, and not a 500 that has no Location either).
    assert response.status_code == status
    if template:
        assert template in [used.name for used in response.templates]
    assert words in response.content.decode()


def test_removing_a_key_without_one_goes_to_the_key_page_without_the_middlewares_next(signed_in):
    response = signed_in.get("/settings/api-key/remove/")

    # The remove page's own "no key" redirect: no ?next=, unlike the middleware's.
    assert response.status_code == 302
    assert response["Location"] == "/settings/api-key/"


def test_posting_the_key_form_itself_is_not_redirected(signed_in, upstream):
    upstream.get(f"{BASE}/projects", json=projects_body(1))
    answer_probes(upstream)  # what the key may do (key_probe.py)
    response = signed_in.post("/settings/api-key/", {"api_key": "idc_" + "q" * 32})
    assert response.url == "/settings/api-key/"


def test_anonymous_visitors_are_left_to_the_login_redirect(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/"


def test_a_user_with_a_key_is_let_through(keyed, upstream):
    # Every call the overview's counts make, so none fails quietly into an "unreachable" card.
    upstream.get(f"{BASE}/projects", json=projects_body(1))
    answer_probes(upstream)  # what the key may do (key_probe.py)
    upstream.get(f"{BASE}/operators", json=operators_body(2))
    upstream.get(f"{BASE}/virtual_numbers", json=numbers_body(3))
    for status in ("pending", "processing", "completed", "failed"):
        upstream.get(f"{BASE}/recordings", json=recordings_page_body(4, status),
                     match=[matchers.query_param_matcher({"status": status}, strict_match=False)])

    response = keyed.get("/overview/counts/")

    # The overview's counts ran (and asked IdentityCall) instead of redirecting.
    assert response.status_code == 200
    assert len(upstream.calls) == 7
    assert "unreachable" not in response.content.decode()
