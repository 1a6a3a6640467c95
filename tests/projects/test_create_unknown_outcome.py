"""A create whose outcome is unknown is not "nothing was changed", and sending it again never
creates a second project or operator blindly.

After a 5xx, a connection lost once the request was sent or a read timeout, IdentityCall may have
created the item: the form says so, keeps the input and links to the list filtered to the name.
Sending the same form again first reads the list afresh: an item with that name means the first
attempt worked (its page opens, nothing is created); none means the create goes ahead.
"""

import html
import json
import re

import pytest
from django.contrib.messages import get_messages

from tests.factories import BASE
from tests.transport_faults import connect_timeout, dropped, read_timeout, refused

TOKEN = "0123456789abcdef0123456789abcdef"
UNKNOWN = "may or may not have been applied"


def project_form(**overrides):
    data = {"form_token": TOKEN, "name": "Vilnius sales", "language": "lt",
            "description": "Kept description", "no_retention": "on"}
    return data | overrides


def operator_form(**overrides):
    data = {"form_token": TOKEN, "name": "Jane Doe", "phone_number": "(201) 555-0123",
            "region": "US", "email": "", "active": "on"}
    return data | overrides


def project(id, name):
    return {"id": id, "name": name, "language": "lt"}


def operator(id, name, phone):
    return {"id": id, "name": name, "phone_number": phone}


def readable(response):
    text = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", html.unescape(text))


def calls(upstream, method, path):
    return [call for call in upstream.calls
            if call.request.method == method and call.request.url.split("?")[0] == BASE + path]


def said(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


UNKNOWN_FAILURES = {
    "500": {"status": 500, "json": {"error": "boom"}},
    "502-proxy-page": {"status": 502, "body": "<html>Bad gateway</html>"},
    "dropped-after-sending": {"body": dropped()},
    "read-timeout": {"body": read_timeout()},
}


@pytest.mark.parametrize("answer", UNKNOWN_FAILURES.values(), ids=UNKNOWN_FAILURES.keys())
def test_a_project_create_of_unknown_outcome_says_so_and_links_to_the_filtered_list(
    keyed, upstream, answer
):
    upstream.post(f"{BASE}/projects", **answer)

    response = keyed.post("/projects/new/", project_form())

    body, text = response.content.decode(), readable(response)
    assert response.status_code in (502, 504)
    assert UNKNOWN in text
    assert "nothing was changed" not in text.lower() and "Nothing was saved" not in text
    link = '<a href="/projects/?q=Vilnius+sales">Look for “Vilnius sales” in the projects list</a>'
    assert link in body
    assert "Sending this form again first looks for “Vilnius sales”" in text
    assert 'value="Vilnius sales"' in body and "Kept description" in body  # input kept
    assert f'value="{TOKEN}"' in body  # the same form, so a resend is recognised


@pytest.mark.parametrize("failure", [refused, connect_timeout], ids=["refused", "connect-timeout"])
def test_a_create_that_never_left_says_nothing_changed_and_is_simply_sent_again(
    keyed, upstream, failure
):
    upstream.post(f"{BASE}/projects", body=failure())
    first = keyed.post("/projects/new/", project_form())
    upstream.replace("POST", f"{BASE}/projects", status=201,
                     json={"data": project(77, "Vilnius sales")})

    second = keyed.post("/projects/new/", project_form())

    assert "nothing was changed" in readable(first)
    assert "Look for" not in first.content.decode()
    assert second["Location"] == "/projects/77/"
    assert calls(upstream, "GET", "/projects") == []  # nothing to look for


def test_resending_after_an_unknown_outcome_finds_the_project_and_creates_nothing(
    keyed, upstream
):
    upstream.post(f"{BASE}/projects", status=500, json={"error": "boom"})
    keyed.post("/projects/new/", project_form())
    upstream.get(f"{BASE}/projects",
                 json={"data": [project(5, "Other"), project(77, "Vilnius Sales ")]})

    response = keyed.post("/projects/new/", project_form())

    assert response.status_code == 302 and response["Location"] == "/projects/77/"
    assert len(calls(upstream, "POST", "/projects")) == 1
    assert len(calls(upstream, "GET", "/projects")) == 1
    assert said(response) == [
        "Project “Vilnius Sales ” is in IdentityCall: the earlier attempt created it, so it was "
        "not created again. To create another with the same name, open a new form."
    ]


def test_a_third_send_goes_where_the_found_project_is_without_asking_again(keyed, upstream):
    upstream.post(f"{BASE}/projects", body=dropped())
    keyed.post("/projects/new/", project_form())
    upstream.get(f"{BASE}/projects", json={"data": [project(77, "Vilnius sales")]})
    keyed.post("/projects/new/", project_form())

    third = keyed.post("/projects/new/", project_form())

    assert third["Location"] == "/projects/77/"
    assert len(calls(upstream, "POST", "/projects")) == 1
    assert len(calls(upstream, "GET", "/projects")) == 1


def test_resending_after_an_unknown_outcome_creates_when_no_such_project_exists(
    keyed, upstream
):
    upstream.post(f"{BASE}/projects", status=500, json={"error": "boom"})
    keyed.post("/projects/new/", project_form())
    upstream.replace("POST", f"{BASE}/projects", status=201,
                     json={"data": project(78, "Vilnius sales")})
    upstream.get(f"{BASE}/projects", json={"data": [project(5, "Vilnius sales team")]})

    response = keyed.post("/projects/new/", project_form())

    assert response["Location"] == "/projects/78/"
    assert len(calls(upstream, "POST", "/projects")) == 2
    assert len(calls(upstream, "GET", "/projects")) == 1


def test_a_second_unknown_outcome_still_protects_the_next_send(keyed, upstream):
    upstream.post(f"{BASE}/projects", status=500, json={"error": "boom"})
    upstream.get(f"{BASE}/projects", json={"data": []})
    keyed.post("/projects/new/", project_form())
    keyed.post("/projects/new/", project_form())  # not found, sent again: unknown again
    upstream.replace("GET", f"{BASE}/projects", json={"data": [project(79, "Vilnius sales")]})

    response = keyed.post("/projects/new/", project_form())

    assert response["Location"] == "/projects/79/"
    assert len(calls(upstream, "POST", "/projects")) == 2


def test_a_resend_whose_check_cannot_read_the_list_keeps_the_form_and_stays_careful(
    keyed, upstream
):
    upstream.post(f"{BASE}/projects", status=500, json={"error": "boom"})
    keyed.post("/projects/new/", project_form())
    upstream.get(f"{BASE}/projects", body=refused())

    second = keyed.post("/projects/new/", project_form())
    upstream.replace("GET", f"{BASE}/projects", json={"data": [project(77, "Vilnius sales")]})
    third = keyed.post("/projects/new/", project_form())

    assert 'value="Vilnius sales"' in second.content.decode()
    assert "IdentityCall is unreachable" in readable(second)
    assert third["Location"] == "/projects/77/"
    assert len(calls(upstream, "POST", "/projects")) == 1


def test_an_operator_create_of_unknown_outcome_links_to_the_filtered_operators_list(
    keyed, upstream
):
    upstream.post(f"{BASE}/operators", status=500, json={"error": "boom"})

    response = keyed.post("/operators/new/", operator_form())

    body = response.content.decode()
    assert response.status_code == 502
    assert UNKNOWN in readable(response)
    assert '<a href="/operators/?q=Jane+Doe">Look for “Jane Doe” in the operators list</a>' in body
    assert 'value="Jane Doe"' in body


def test_resending_an_operator_finds_it_by_name_and_phone_number(keyed, upstream):
    upstream.post(f"{BASE}/operators", body=dropped())
    keyed.post("/operators/new/", operator_form())
    upstream.get(f"{BASE}/operators", json={"data": [operator(30, "Jane Doe", "+12015550123")]})

    response = keyed.post("/operators/new/", operator_form())

    assert response["Location"] == "/operators/30/"
    assert len(calls(upstream, "POST", "/operators")) == 1


def test_an_operator_of_the_same_name_on_another_phone_is_not_the_lost_one(keyed, upstream):
    upstream.post(f"{BASE}/operators", status=500, json={"error": "boom"})
    keyed.post("/operators/new/", operator_form())
    upstream.get(f"{BASE}/operators", json={"data": [operator(30, "Jane Doe", "+12015550999")]})
    upstream.replace("POST", f"{BASE}/operators", status=201,
                     json={"data": operator(31, "Jane Doe", "+12015550123")})

    response = keyed.post("/operators/new/", operator_form())

    assert response["Location"] == "/operators/31/"
    assert json.loads(calls(upstream, "POST", "/operators")[-1].request.body)["name"] == "Jane Doe"


def test_a_conflict_on_create_is_explained_on_the_form_and_the_form_can_be_sent_again(
    keyed, upstream
):
    upstream.post(f"{BASE}/projects", status=409,
                  json={"error": "Name <i>Vilnius sales</i> is taken"})

    response = keyed.post("/projects/new/", project_form())
    upstream.replace("POST", f"{BASE}/projects", status=201,
                     json={"data": project(77, "Vilnius sales")})
    again = keyed.post("/projects/new/", project_form())

    body = response.content.decode()
    assert response.status_code == 409
    assert ("The request conflicts with the current state in IdentityCall: Name "
            "&lt;i&gt;Vilnius sales&lt;/i&gt; is taken. Nothing was saved; your entries are kept "
            "below.") in body
    assert 'value="Vilnius sales"' in body
    assert again["Location"] == "/projects/77/"  # a definite refusal: no check needed
    assert calls(upstream, "GET", "/projects") == []


def test_a_resend_whose_check_reads_only_part_of_a_paged_list_creates_nothing(
    keyed, upstream, monkeypatch
):
    from apps.identitycall import client as client_module

    monkeypatch.setattr(client_module, "MAX_LIST_PAGES", 1)
    upstream.post(f"{BASE}/projects", status=500, json={"error": "boom"})
    keyed.post("/projects/new/", project_form())
    meta = {"current_page": 1, "total_pages": 3, "total_count": 60, "per_page": 20}
    first_page = [project(n, f"Project {n}") for n in range(1, 21)]
    upstream.get(f"{BASE}/projects", json={"data": first_page, "meta": meta})

    response = keyed.post("/projects/new/", project_form())

    assert response.status_code == 409
    text = readable(response)
    assert "cannot tell whether the earlier attempt created “Vilnius sales”" in text
    assert 'value="Vilnius sales"' in response.content.decode()
    assert len(calls(upstream, "POST", "/projects")) == 1  # no blind second create
