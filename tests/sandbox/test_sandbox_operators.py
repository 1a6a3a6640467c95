"""Operators: sorted list, initials, E.164 normalisation, scope links, 200 success on delete."""

import pytest

from apps.sandbox.models import NumberOperator, Operator, OperatorProject
from tests.sandbox.builders import make_number, make_operator

pytestmark = pytest.mark.django_db

LIST_FIELDS = {"id", "name", "phone_number", "email", "active", "initials", "virtual_numbers_count"}
DETAIL_FIELDS = (LIST_FIELDS - {"virtual_numbers_count"}) | {"virtual_numbers"}


def test_list_is_sorted_by_name_with_counts(api):
    zoe = make_operator("Zoë O'Brien", "+447911123456")
    make_operator("Aldona Petrauskaitė", "+37061234567")
    make_number(operators=[zoe])
    data = api.get("/operators").json()["data"]
    assert [row["name"] for row in data] == ["Aldona Petrauskaitė", "Zoë O'Brien"]
    assert set(data[0]) == LIST_FIELDS
    assert [row["virtual_numbers_count"] for row in data] == [0, 1]


@pytest.mark.parametrize(
    "name, initials",
    [
        ("Aldona Petrauskaitė", "AP"),
        ("Jane Doe", "JD"),
        ("Jürgen Groß", "JG"),
        ("Zoë O'Brien", "ZO"),
        ("Ülle Mari Õun", "ÜÕ"),
        ("Cher", "C"),
    ],
)
def test_initials_are_the_first_letters_of_the_first_and_last_words(name, initials):
    assert Operator(name=name).initials == initials


def test_create_normalises_the_phone_and_answers_201_with_the_detail_form(api):
    response = api.post(
        "/operators",
        {"name": "Jane Doe", "phone_number": "(415) 555-0132", "email": "jane.doe@example.com"},
    )
    assert response.status_code == 201
    data = response.json()["data"]
    assert set(data) == DETAIL_FIELDS
    assert (data["phone_number"], data["initials"], data["active"], data["virtual_numbers"]) == (
        "+14155550132",
        "JD",
        True,
        [],
    )
    assert not OperatorProject.objects.exists()  # account-wide keys create unlinked operators


def test_create_validation(api):
    make_operator(phone="+14155550132")
    response = api.post("/operators", {"phone_number": "12", "email": "nope", "active": "yes"})
    assert response.json() == {
        "errors": [
            "name is required",
            "phone_number is not a valid phone number",
            "email is not a valid email address",
            "active must be true or false",
        ]
    }
    taken = api.post("/operators", {"name": "Twin", "phone_number": "+1 415 555 0132"})
    assert taken.json() == {"errors": ["phone_number has already been taken"]}


def test_scoped_key_creates_operators_linked_to_its_project(scoped_api, project):
    data = scoped_api.post(
        "/operators", {"name": "Greta Hall", "phone_number": "+15555550199"}
    ).json()
    operator = Operator.objects.get(pk=data["data"]["id"])
    assert list(operator.projects.all()) == [project]
    assert [row["id"] for row in scoped_api.get("/operators").json()["data"]] == [operator.id]


def test_get_shows_the_operators_numbers(api, project):
    operator = make_operator()
    number = make_number(project=project, operators=[operator], name="Main line")
    data = api.get(f"/operators/{operator.id}").json()["data"]
    assert data["virtual_numbers"] == [
        {"id": number.id, "phone_number": number.phone_number, "name": "Main line", "active": True}
    ]


def test_patch_is_partial_and_null_clears_the_email(api):
    operator = make_operator(email="old@example.com")
    data = api.patch(f"/operators/{operator.id}", {"email": None, "active": False}).json()["data"]
    assert (data["email"], data["active"], data["name"]) == (None, False, "Jane Doe")
    renamed = api.patch(
        f"/operators/{operator.id}", {"name": "Janet Ng", "phone_number": "+44 7911 123456"}
    )
    assert (renamed.json()["data"]["initials"], renamed.json()["data"]["phone_number"]) == (
        "JN",
        "+447911123456",
    )
    assert api.patch(f"/operators/{operator.id}", {"phone_number": "abc"}).status_code == 422


def test_delete_answers_200_success_and_removes_routing_links(api):
    operator = make_operator()
    number = make_number(operators=[operator])
    response = api.delete(f"/operators/{operator.id}")
    assert (response.status_code, response.json()) == (200, {"success": True})
    assert not NumberOperator.objects.filter(number=number).exists()
    assert api.get(f"/operators/{operator.id}").status_code == 404
