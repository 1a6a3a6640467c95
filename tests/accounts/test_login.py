"""Logging in and out with Django's auth views."""

from tests.factories import PASSWORD


def test_the_login_page_has_labelled_fields_and_a_log_in_button(client, db):
    response = client.get("/accounts/login/")
    body = response.content.decode()
    assert response.status_code == 200
    assert '<label for="id_username">Username</label>' in body
    assert '<label for="id_password">Password</label>' in body
    assert ">Log in</button>" in body


def test_logging_in_leads_to_the_page_asked_for(client, user):
    response = client.post(
        "/accounts/login/", {"username": "ada", "password": PASSWORD, "next": "/projects/"}
    )
    assert response.status_code == 302
    assert response.url == "/projects/"


def test_a_wrong_password_is_refused_with_a_plain_message(client, user):
    response = client.post("/accounts/login/", {"username": "ada", "password": "nope"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Please enter a correct username and password" in body
    assert 'role="alert"' in body


def test_the_header_user_menu_has_the_username_key_link_and_a_log_out_form(keyed):
    body = keyed.get("/settings/api-key/").content.decode()
    assert "ada" in body
    assert 'href="/settings/api-key/"' in body
    assert '<form method="post" action="/accounts/logout/">' in body


def test_logout_is_a_post_that_ends_the_session(keyed):
    assert keyed.get("/accounts/logout/").status_code == 405

    response = keyed.post("/accounts/logout/")

    assert response.status_code == 302
    assert response.url == "/accounts/login/"
    assert keyed.get("/").url.startswith("/accounts/login/")
    assert "You are logged out." in keyed.get("/accounts/login/").content.decode()
