"""Creating and editing operators: numbers normalised to E.164 first, only changes sent."""

import json

import pytest

from apps.frame.key_hints import CANNOT_WRITE
from tests import transport_faults
from tests.operators.conftest import operator_json, url

HTMX = {"HX-Request": "true"}
TOKEN = "abcdefabcdefabcdefabcdefabcdefab"


def new_operator(**overrides):
    data = {
        "form_token": TOKEN,
        "name": "Jane Doe",
        "phone_number": "(201) 555-0123",
        "region": "US",
        "email": "",
        "active": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def body_of(upstream, method):
    calls = [call for call in upstream.calls if call.request.method == method]
    assert len(calls) == 1
    return json.loads(calls[0].request.body)


def test_the_create_form_has_every_field_and_a_token(keyed):
    html = keyed.get("/operators/new/").content.decode()

    for name in ("name", "phone_number", "region", "email", "active", "form_token"):
        assert f'name="{name}"' in html
    assert '<option value="US" selected>United States (+1)</option>' in html
    assert '<option value="LT">Lithuania (+370)</option>' in html


def test_a_local_number_is_sent_in_e164_and_the_saved_form_is_shown(keyed, upstream):
    upstream.post(
        url("/operators"),
        status=201,
        json={
            "data": operator_json(
                id=42, name="Jane Doe", phone_number="+12015550123", email=None, virtual_numbers=[]
            )
        },
    )

    response = keyed.post("/operators/new/", new_operator())

    assert body_of(upstream, "POST") == {
        "name": "Jane Doe",
        "phone_number": "+12015550123",
        "active": True,
    }
    assert response["Location"] == "/operators/42/"
    upstream.get(url("/operators/42"), json={"data": operator_json(id=42, virtual_numbers=[])})
    upstream.get(url("/virtual_numbers"), json={"data": []})
    page = keyed.get("/operators/42/").content.decode()
    assert "Operator “Jane Doe” created. Phone number saved as +1 201-555-0123." in page


def test_the_region_reads_a_lithuanian_local_number(keyed, upstream):
    upstream.post(url("/operators"), status=201, json={"data": operator_json(id=42)})

    keyed.post(
        "/operators/new/",
        new_operator(phone_number="8 600 12345", region="LT", email="a@example.com", active=None),
    )

    assert body_of(upstream, "POST") == {
        "name": "Jane Doe",
        "phone_number": "+37060012345",
        "email": "a@example.com",
        "active": False,
    }


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"phone_number": "12"}, "phone_number"),
        ({"phone_number": "not a phone"}, "phone_number"),
        ({"phone_number": ""}, "phone_number"),
        ({"name": ""}, "name"),
        ({"email": "nope@"}, "email"),
    ],
)
def test_invalid_input_is_refused_before_anything_is_sent(keyed, upstream, changes, field):
    response = keyed.post("/operators/new/", new_operator(**changes))

    assert response.status_code == 422
    assert len(upstream.calls) == 0
    assert field in response.context["form"].errors
    assert 'value="Jane Doe"' in response.content.decode() or field == "name"


def test_identitycall_refusing_the_number_lands_on_the_phone_field(keyed, upstream):
    upstream.post(
        url("/operators"), status=422, json={"errors": ["phone_number has already been taken"]}
    )

    response = keyed.post("/operators/new/", new_operator(), headers=HTMX)

    html = response.content.decode()
    assert response.status_code == 422
    assert response.context["form"].errors["phone_number"] == [
        "Phone number has already been taken"
    ]
    assert html.lstrip().startswith('<form id="operator-form"')
    assert 'value="(201) 555-0123"' in html  # what the user typed, not a rewrite


def test_a_read_only_key_keeps_the_input_and_says_so(keyed, upstream):
    upstream.post(url("/operators"), status=403, json={"error": "Write permission required"})

    response = keyed.post("/operators/new/", new_operator(email="jane@example.com"))

    html = response.content.decode()
    assert response.status_code == 403
    assert "Your API key is read-only" in html
    assert 'value="jane@example.com"' in html
    assert keyed.session[CANNOT_WRITE] is True


def test_an_unreachable_upstream_keeps_the_input(keyed, upstream):
    upstream.post(url("/operators"), body=transport_faults.refused())

    response = keyed.post("/operators/new/", new_operator())

    assert response.status_code == 502
    assert "IdentityCall is unreachable; nothing was changed." in response.content.decode()
    assert 'value="Jane Doe"' in response.content.decode()


def test_the_same_form_sent_twice_creates_once(keyed, upstream):
    upstream.post(url("/operators"), status=201, json={"data": operator_json(id=42)})

    first = keyed.post("/operators/new/", new_operator())
    second = keyed.post("/operators/new/", new_operator(), headers=HTMX)

    assert len(upstream.calls) == 1
    assert first["Location"] == "/operators/42/"
    assert second["HX-Redirect"] == "/operators/42/"


@pytest.fixture
def aldona(upstream):
    upstream.get(url("/operators/22"), json={"data": operator_json()})


def unchanged(**overrides):
    data = {
        "name": "Aldona Petrauskaitė",
        "phone_number": "+370 600 12345",
        "region": "LT",
        "email": "aldona@example.com",
        "active": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_the_edit_form_shows_the_number_readably_with_its_region(keyed, aldona):
    html = keyed.get("/operators/22/edit/").content.decode()

    assert 'value="+370 600 12345"' in html
    assert '<option value="LT" selected>' in html


def test_edit_sends_only_the_changes_and_a_cleared_email_as_null(keyed, upstream, aldona):
    upstream.patch(url("/operators/22"), json={"data": operator_json(email=None, name="Aldona P.")})

    response = keyed.post("/operators/22/edit/", unchanged(name="Aldona P.", email=""))

    assert body_of(upstream, "PATCH") == {"name": "Aldona P.", "email": None}
    assert response["Location"] == "/operators/22/"


def test_a_new_number_in_local_format_is_sent_normalised(keyed, upstream, aldona):
    upstream.patch(url("/operators/22"), json={"data": operator_json(phone_number="+37060099999")})

    keyed.post("/operators/22/edit/", unchanged(phone_number="8 600 99999"))

    assert body_of(upstream, "PATCH") == {"phone_number": "+37060099999"}


def test_nothing_changed_sends_nothing(keyed, upstream, aldona):
    response = keyed.post("/operators/22/edit/", unchanged())

    assert [call.request.method for call in upstream.calls] == ["GET"]
    assert response["Location"] == "/operators/22/"


def test_editing_an_operator_the_key_cannot_see_is_not_found(keyed, upstream):
    upstream.get(url("/operators/22"), status=404, json={"error": "Resource not found"})

    response = keyed.get("/operators/22/edit/")

    assert response.status_code == 404
    assert "Operator not found" in response.content.decode()
