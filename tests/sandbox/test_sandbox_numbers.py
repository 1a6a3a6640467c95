"""Virtual numbers: forms, inventory search, purchase rules, operator routing in both spellings."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.sandbox.models import (
    AvailableNumber,
    Call,
    NumberOperator,
    Operator,
    RequirementGroup,
    VirtualNumber,
)
from tests.sandbox.builders import make_available, make_number, make_operator

pytestmark = pytest.mark.django_db

SHORT = {
    "id",
    "project_id",
    "phone_number",
    "name",
    "country_code",
    "active",
    "ai_receptionist_enabled",
    "operators",
    "operators_count",
}
DETAIL = (SHORT - {"operators_count"}) | {
    "recording",
    "routing_strategy",
    "stats",
    "available_operators",
    "recent_calls",
}


def _operators(count):
    return [
        make_operator(f"Operator {chr(65 + n)} Person", f"+1415555{n:04d}") for n in range(count)
    ]


def _priorities(number):
    return list(NumberOperator.objects.filter(number=number).values_list("operator_id", "priority"))


def test_list_shows_at_most_three_operators_and_the_total(api, project):
    operators = _operators(4)
    make_number(project=project, operators=operators)
    make_number(phone="+13105550111")
    data = api.get("/virtual_numbers").json()["data"]
    assert set(data[0]) == SHORT
    assert [op["id"] for op in data[0]["operators"]] == [op.id for op in operators[:3]]
    assert set(data[0]["operators"][0]) == {"id", "name", "initials"}
    assert (data[0]["operators_count"], data[1]["operators_count"], data[1]["operators"]) == (
        4,
        0,
        [],
    )


def test_detail_has_stats_routing_and_the_ten_latest_calls(api, project):
    attached, spare = _operators(2)
    number = make_number(project=project, operators=[attached])
    now = timezone.now()
    for n in range(12):
        Call.objects.create(
            number=number,
            phone_number="+12125550100",
            caller_name=f"Caller {n}",
            call_status="answered" if n % 3 else "missed",
            call_duration=120 if n % 3 else 0,
            direction="inbound",
            created_at=now - timedelta(minutes=n),
        )
    data = api.get(f"/virtual_numbers/{number.id}").json()["data"]
    assert set(data) == DETAIL
    assert data["stats"] == {
        "total_calls": 12,
        "answered_calls": 8,
        "missed_calls": 4,
        "average_duration_seconds": 120,
    }
    assert data["operators"] == [
        {
            "id": attached.id,
            "name": attached.name,
            "phone_number": attached.phone_number,
            "initials": "OP",
            "priority": 0,
        }
    ]
    assert [op["id"] for op in data["available_operators"]] == [spare.id]
    assert [call["caller_name"] for call in data["recent_calls"]] == [
        f"Caller {n}" for n in range(10)
    ]
    assert (data["recording"], data["routing_strategy"]) == (True, "priority")


def test_patch_updates_and_validates(api):
    number = make_number()
    data = api.patch(
        f"/virtual_numbers/{number.id}",
        {"name": "Front desk", "active": False, "routing_strategy": "round_robin"},
    ).json()["data"]
    assert (data["name"], data["active"], data["routing_strategy"]) == (
        "Front desk",
        False,
        "round_robin",
    )
    bad = api.patch(
        f"/virtual_numbers/{number.id}", {"routing_strategy": "random", "recording": "no"}
    )
    assert bad.status_code == 422
    assert bad.json() == {
        "errors": [
            "recording must be true or false",
            "routing_strategy must be one of priority, round_robin, simultaneous",
        ]
    }
    assert api.patch("/virtual_numbers/424242", {"name": "x"}).json() == {
        "error": "Resource not found"
    }


def test_available_search_defaults_to_us_mobile_and_ignores_case(api):
    make_available("+14155550142", "US", "mobile")
    make_available("+442079460123", "GB", "local")
    default = api.get("/virtual_numbers/available").json()["data"]
    assert [entry["phone_number"] for entry in default] == ["+14155550142"]
    assert set(default[0]) == {
        "phone_number",
        "country_code",
        "number_type",
        "upfront_cost",
        "monthly_cost",
        "features",
        "region_information",
    }
    gb = api.get("/virtual_numbers/available", {"country": "gb", "number_type": "local"}).json()[
        "data"
    ]
    assert [entry["phone_number"] for entry in gb] == ["+442079460123"]
    bad = api.get("/virtual_numbers/available", {"number_type": "satellite"})
    assert bad.json() == {
        "errors": ["number_type must be one of mobile, local, toll-free, national"]
    }


def test_purchase_answers_201_short_form_and_takes_the_number_off_sale(api, client):
    make_available("+14155550142")
    response = api.post(
        "/virtual_numbers/purchase", {"phone_number": "+1 415 555 0142", "name": "US Sales Line"}
    )
    assert response.status_code == 201
    data = response.json()["data"]
    assert set(data) == SHORT
    assert (
        data["phone_number"],
        data["name"],
        data["active"],
        data["ai_receptionist_enabled"],
    ) == (
        "+14155550142",
        "US Sales Line",
        True,
        False,
    )
    assert (data["operators"], data["operators_count"], data["project_id"]) == ([], 0, None)
    assert VirtualNumber.objects.get(pk=data["id"]).recording is True
    inventory = client.get(
        "/sandbox/control/inventory", {"country": "US", "number_type": "mobile"}
    ).json()
    assert inventory["data"] == []
    again = api.post("/virtual_numbers/purchase", {"phone_number": "+14155550142"})
    assert (again.status_code, again.json()) == (422, {"error": "phone_number is not available"})


def test_the_overview_spelling_post_virtual_numbers_also_purchases(api):
    make_available("+14155550142")
    assert api.post("/virtual_numbers", {"phone_number": "+14155550142"}).status_code == 201


def test_purchase_needs_a_phone_number(api):
    for body in ({}, {"phone_number": "  "}):
        response = api.post("/virtual_numbers/purchase", body)
        assert (response.status_code, response.json()) == (
            422,
            {"error": "phone_number is required"},
        )
    invalid = api.post("/virtual_numbers/purchase", {"phone_number": "12"})
    assert invalid.json() == {"errors": ["phone_number is not a valid phone number"]}


@pytest.mark.parametrize("country, phone", [("DE", "+49301234599"), ("LT", "+37052123499")])
def test_regulated_countries_need_a_requirement_group(api, country, phone):
    make_available(phone, country, "local")
    missing = api.post("/virtual_numbers/purchase", {"phone_number": phone})
    assert (missing.status_code, missing.json()) == (
        422,
        {"error": "Requirement group required for this country"},
    )
    unknown = api.post(
        "/virtual_numbers/purchase", {"phone_number": phone, "requirement_group_id": 999}
    )
    assert unknown.json() == {"error": "Requirement group not found"}
    group = RequirementGroup.objects.create(country_code=country, name="Approved")
    bought = api.post(
        "/virtual_numbers/purchase", {"phone_number": phone, "requirement_group_id": group.id}
    )
    assert bought.status_code == 201
    assert not AvailableNumber.objects.filter(phone_number=phone).exists()


def test_scoped_key_purchase_attaches_the_number_to_its_project(scoped_api, project):
    make_available("+14155550142")
    data = scoped_api.post("/virtual_numbers/purchase", {"phone_number": "+14155550142"}).json()[
        "data"
    ]
    assert data["project_id"] == project.id
    assert [row["id"] for row in scoped_api.get("/virtual_numbers").json()["data"]] == [data["id"]]


@pytest.mark.parametrize("path", ["add_operator", "operators"])
def test_add_operator_by_id_appends_at_the_end_and_is_idempotent(api, path):
    first, second = _operators(2)
    number = make_number(operators=[first])
    response = api.post(f"/virtual_numbers/{number.id}/{path}", {"operator_id": second.id})
    assert response.status_code == 200
    assert [(op["id"], op["priority"]) for op in response.json()["data"]["operators"]] == [
        (first.id, 0),
        (second.id, 1),
    ]
    assert response.json()["data"]["available_operators"] == []
    again = api.post(f"/virtual_numbers/{number.id}/{path}", {"operator_id": second.id})
    assert again.json() == response.json()
    assert (
        api.post(f"/virtual_numbers/{number.id}/{path}", {"operator_id": 424242}).status_code == 404
    )


def test_add_operator_by_phone_creates_the_operator(api, project):
    number = make_number(project=project)
    response = api.post(
        f"/virtual_numbers/{number.id}/add_operator",
        {"phone_number": "+15555550199", "name": "Greta Hall"},
    )
    operator = Operator.objects.get(phone_number="+15555550199")
    assert (operator.name, list(operator.projects.all())) == ("Greta Hall", [project])
    assert response.json()["data"]["operators"][0]["id"] == operator.id
    unnamed = api.post(
        f"/virtual_numbers/{number.id}/add_operator", {"phone_number": "+15555550100"}
    )
    assert unnamed.json()["data"]["operators"][1]["name"] == "Operator"


def test_add_operator_prefers_operator_id_and_needs_one_of_the_two(api):
    existing = make_operator()
    number = make_number()
    api.post(
        f"/virtual_numbers/{number.id}/add_operator",
        {"operator_id": existing.id, "phone_number": "+15555550199"},
    )
    assert Operator.objects.count() == 1
    empty = api.post(f"/virtual_numbers/{number.id}/add_operator", {})
    assert empty.json() == {"errors": ["operator_id or phone_number is required"]}


def test_remove_operator_accepts_query_body_and_path_and_keeps_priorities_dense(api):
    operators = _operators(4)
    number = make_number(operators=operators)
    by_query = api.delete(
        f"/virtual_numbers/{number.id}/remove_operator?operator_id={operators[0].id}"
    )
    assert by_query.status_code == 200
    assert operators[0].id in [op["id"] for op in by_query.json()["data"]["available_operators"]]
    api.delete(f"/virtual_numbers/{number.id}/remove_operator", {"operator_id": operators[2].id})
    by_path = api.delete(f"/virtual_numbers/{number.id}/operators/{operators[1].id}")
    assert by_path.status_code == 200
    assert _priorities(number) == [(operators[3].id, 0)]
    assert Operator.objects.count() == 4  # only the routing link goes


def test_remove_operator_errors(api):
    operator = make_operator()
    number = make_number()
    missing = api.delete(f"/virtual_numbers/{number.id}/remove_operator")
    assert missing.json() == {"errors": ["operator_id is required"]}
    not_attached = api.delete(
        f"/virtual_numbers/{number.id}/remove_operator?operator_id={operator.id}"
    )
    assert (not_attached.status_code, not_attached.json()) == (404, {"error": "Resource not found"})
