"""Operators: the five operations' requests and the list and detail forms."""

import pytest

from apps.identitycall.errors import IdentityCallError, PermissionDeniedError
from apps.identitycall.resources import NumberRef, Operator


def test_list_operators_parses_the_list_form(client, api, key, make):
    api.reply("GET", "/operators", data=[make.operator(), make.operator(id=43, email=None)])

    operators = client.list_operators()

    assert api.last.method == "GET"
    assert api.path() == "/operators"
    assert api.last.headers["Authorization"] == f"Bearer {key}"
    assert [(op.id, op.initials, op.email, op.virtual_numbers_count) for op in operators] == [
        (42, "JD", "jane.doe@example.com", 1),
        (43, "JD", None, 1),
    ]
    assert operators[0].virtual_numbers == ()


def test_create_operator_posts_name_phone_and_only_the_given_extras(client, api, make):
    api.reply("POST", "/operators", status=201, data=make.operator_detail(virtual_numbers=[]))

    operator = client.create_operator(name="Jane Doe", phone_number="+15551234567", active=False)

    assert api.last.method == "POST"
    assert api.last.headers["Content-Type"] == "application/json"
    assert api.json() == {"name": "Jane Doe", "phone_number": "+15551234567", "active": False}
    assert operator.id == 42
    assert operator.virtual_numbers == () and operator.virtual_numbers_count == 0


def test_create_operator_accepts_the_cut_off_201_body(client, api):
    api.reply("POST", "/operators", status=201,
              data={"id": 42, "name": "Jane Doe", "phone_number": "+15551234567",
                    "email": "jane.doe@example.com"})

    operator = client.create_operator(name="Jane Doe", phone_number="555 123 4567",
                                      email="jane.doe@example.com")

    assert api.json()["email"] == "jane.doe@example.com"
    assert operator.active is None and operator.virtual_numbers_count is None


def test_get_operator_parses_the_detail_form(client, api, make):
    api.reply("GET", "/operators/42", data=make.operator_detail())

    operator = client.get_operator(42)

    assert api.last.method == "GET"
    assert operator.virtual_numbers == (
        NumberRef(id=9, phone_number="+15551234567", name="US Sales Line", active=True),
    )
    assert operator.virtual_numbers_count == 1


def test_update_operator_sends_none_as_null_to_clear_the_email(client, api, make):
    api.reply("PATCH", "/operators/42", data=make.operator_detail(email=None))

    operator = client.update_operator(42, email=None)

    assert api.last.method == "PATCH"
    assert api.last.headers["Content-Type"] == "application/json"
    assert api.json() == {"email": None}
    assert operator.email is None


def test_update_operator_without_write_permission_raises_permission_denied(client, api):
    api.reply("PATCH", "/operators/42", status=403, json={"error": "Write permission required"})

    with pytest.raises(PermissionDeniedError) as caught:
        client.update_operator(42, active=False)

    assert caught.value.message == "Write permission required"


@pytest.mark.parametrize(
    "answer",
    [{"status": 200, "json": {"success": True}}, {"status": 204, "body": ""}],
    ids=["200 success", "204 empty"],
)
def test_delete_operator_accepts_either_documented_answer(client, api, answer):
    api.reply("DELETE", "/operators/42", **answer)

    assert client.delete_operator(42) is None
    assert api.last.method == "DELETE"
    assert api.path() == "/operators/42"


def test_delete_operator_that_is_not_confirmed_raises(client, api):
    api.reply("DELETE", "/operators/42", json={"success": False})

    with pytest.raises(IdentityCallError, match="did not confirm"):
        client.delete_operator(42)


def test_operator_from_a_sparse_payload_leaves_the_rest_empty():
    operator = Operator.from_api({"id": 1, "virtual_numbers": None, "name": 5})

    assert operator.name == "5"
    assert operator.virtual_numbers == ()
    assert operator.virtual_numbers_count is None
