"""`next=` never sends anyone off the site: not after logging in, not after saving a key."""

import pytest

from tests.factories import BASE, KEY, PASSWORD, give_key, projects_body
from tests.accounts.probes import answer_probes

HOSTILE = [
    "//evil.example",
    "//evil.example/path",
    "https://evil.example",
    "http://evil.example/settings/",
    "/\\evil.example",
    "\\\\evil.example",
    "https:evil.example",
    "javascript:alert(1)",
    " javascript:alert(1)",
    "/\t/evil.example",
]


@pytest.mark.parametrize("target", HOSTILE)
def test_logging_in_with_an_off_site_next_lands_on_the_home_page(client, user, target):
    response = client.post(
        "/accounts/login/", {"username": "ada", "password": PASSWORD, "next": target}
    )
    assert response.status_code == 302
    assert response.url == "/"


@pytest.mark.parametrize("target", HOSTILE)
def test_the_login_form_does_not_carry_an_off_site_next(client, db, target):
    body = client.get("/accounts/login/", {"next": target}).content.decode()
    assert '<input type="hidden" name="next" value="">' in body


@pytest.mark.parametrize("target", HOSTILE)
def test_an_already_signed_in_visitor_is_not_bounced_off_site(client, user, target):
    give_key(user)
    client.force_login(user)
    response = client.get("/accounts/login/", {"next": target})
    assert response.status_code == 302
    assert response.url == "/"


def test_a_same_site_next_is_followed(client, user):
    response = client.post(
        "/accounts/login/", {"username": "ada", "password": PASSWORD, "next": "/numbers/?page=2"}
    )
    assert response.url == "/numbers/?page=2"


@pytest.mark.parametrize("target", HOSTILE)
def test_saving_a_key_with_an_off_site_next_stays_on_the_key_page(signed_in, upstream, target):
    upstream.get(f"{BASE}/projects", json=projects_body(1))
    answer_probes(upstream)  # what the key may do (key_probe.py)
    response = signed_in.post(
        f"/settings/api-key/?next={target}", {"api_key": KEY, "next": target}
    )
    assert response.status_code == 302
    assert response.url == "/settings/api-key/"


@pytest.mark.parametrize("target", HOSTILE)
def test_the_key_page_does_not_carry_an_off_site_next(signed_in, target):
    body = signed_in.get("/settings/api-key/", {"next": target}).content.decode()
    assert 'name="next"' not in body
