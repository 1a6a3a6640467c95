"""Virtual numbers: the seven operations' requests and the short, detail and search shapes."""

from datetime import UTC, datetime

import pytest

from apps.identitycall.errors import NotFoundError, ValidationError
from apps.identitycall.resources import AvailableNumber, NumberStats, Region, VirtualNumber


def test_list_virtual_numbers_parses_the_short_form(client, api, key, make):
    api.reply("GET", "/virtual_numbers", data=[make.number()])

    (number,) = client.list_virtual_numbers()

    assert api.last.method == "GET"
    assert api.path() == "/virtual_numbers"
    assert api.last.headers["Authorization"] == f"Bearer {key}"
    assert (number.id, number.phone_number, number.name, number.country_code) == (
        9, "+15551234567", "US Sales Line", "US")
    assert number.active is True and number.ai_receptionist_enabled is False
    assert [operator.initials for operator in number.operators] == ["JD"]
    assert number.operators_count == 4  # the short form lists at most three
    assert number.stats is None and number.recent_calls == ()


def test_search_available_numbers_defaults_to_us_mobile(client, api, make):
    api.reply("GET", "/virtual_numbers/available", data=[make.available_number()])

    (number,) = client.search_available_numbers()

    assert api.last.method == "GET"
    assert api.query() == {"country": "US", "number_type": "mobile"}
    assert number == AvailableNumber(
        phone_number="+15551234567",
        country_code="US",
        number_type="mobile",
        upfront_cost="1.00",
        monthly_cost="1.15",
        features=("sms", "voice", "mms"),
        region_information=(Region("state", "CA"),),
    )


def test_search_available_numbers_sends_the_chosen_country_and_type(client, api, make):
    provider_entry = make.available_number(rate_center="LOS ANGELES", features=None,
                                           region_information=None, upfront_cost=1)
    api.reply("GET", "/virtual_numbers/available", data=[provider_entry])

    (number,) = client.search_available_numbers(country="LT", number_type="toll-free")

    assert api.query() == {"country": "LT", "number_type": "toll-free"}
    assert number.features == () and number.region_information == ()
    assert number.upfront_cost == "1"


def test_purchase_number_posts_the_phone_and_only_the_given_extras(client, api, make):
    api.reply("POST", "/virtual_numbers/purchase", status=201,
              data=make.number(operators=[], operators_count=0))

    number = client.purchase_number("+15551234567", country_code="US", name="US Sales Line",
                                    upfront_cost="1.00")

    assert api.last.method == "POST"
    assert api.path() == "/virtual_numbers/purchase"
    assert api.last.headers["Content-Type"] == "application/json"
    assert api.json() == {"phone_number": "+15551234567", "country_code": "US",
                          "name": "US Sales Line", "upfront_cost": "1.00"}
    assert number.id == 9 and number.operators == () and number.operators_count == 0


def test_purchase_number_without_a_phone_raises_validation_error(client, api):
    api.reply("POST", "/virtual_numbers/purchase", status=422,
              json={"error": "phone_number is required"})

    with pytest.raises(ValidationError) as caught:
        client.purchase_number("")

    assert caught.value.errors == ["phone_number is required"]


def test_get_virtual_number_parses_the_detail_form(client, api, make):
    api.reply("GET", "/virtual_numbers/9", data=make.number_detail())

    number = client.get_virtual_number(9)

    assert api.last.method == "GET"
    assert (number.recording, number.routing_strategy) == (True, "priority")
    assert number.stats == NumberStats(total_calls=120, answered_calls=100, missed_calls=20,
                                       average_duration_seconds=185)
    (attached,) = number.operators
    assert (attached.id, attached.phone_number, attached.priority) == (22, "+15555550100", 0)
    assert number.operators_count == 1  # the detail form lists every operator
    (available,) = number.available_operators
    assert (available.id, available.priority) == (23, None)
    (call,) = number.recent_calls
    assert (call.caller_name, call.call_status, call.call_duration) == ("Ann Lee", "answered", 213)
    assert call.ai_handled is False and call.transcript_summary is None
    assert call.created_at == datetime(2026, 4, 15, 9, 0, tzinfo=UTC)


def test_virtual_number_without_stats_or_lists_parses_to_empty_values():
    number = VirtualNumber.from_api({"id": 9, "stats": None, "operators": None})

    assert number.stats is None
    assert number.operators == () and number.available_operators == ()
    assert number.operators_count is None


def test_update_virtual_number_sends_exactly_the_given_fields(client, api, make):
    updated = make.number_detail(routing_strategy="round_robin")
    api.reply("PATCH", "/virtual_numbers/9", data=updated)

    number = client.update_virtual_number(9, routing_strategy="round_robin", name=None)

    assert api.last.method == "PATCH"
    assert api.json() == {"routing_strategy": "round_robin", "name": None}
    assert number.routing_strategy == "round_robin"


def test_add_operator_attaches_an_existing_operator_by_id(client, api, make):
    api.reply("POST", "/virtual_numbers/9/add_operator", data=make.number_detail())

    number = client.add_operator(9, operator_id=22)

    assert api.last.method == "POST"
    assert api.json() == {"operator_id": 22}
    assert [operator.id for operator in number.operators] == [22]


def test_add_operator_creates_a_new_operator_from_a_phone_and_name(client, api, make):
    api.reply("POST", "/virtual_numbers/9/add_operator", data=make.number_detail())

    client.add_operator(9, phone_number="+15555550199", name="Greta Hall")

    assert api.json() == {"phone_number": "+15555550199", "name": "Greta Hall"}


@pytest.mark.parametrize(
    "shape", [{}, {"operator_id": 22, "phone_number": "+15555550199"}, {"name": "Greta Hall"}]
)
def test_add_operator_needs_exactly_one_body_shape(client, api, shape):
    with pytest.raises(ValueError):
        client.add_operator(9, **shape)

    assert api.requests == []


def test_add_operator_rereads_the_number_when_the_answer_has_no_data(client, api, make):
    api.reply("POST", "/virtual_numbers/9/add_operator", json={"success": True})
    api.reply("GET", "/virtual_numbers/9", data=make.number_detail())

    number = client.add_operator(9, operator_id=22)

    assert [request.method for request in api.requests] == ["POST", "GET"]
    assert number.id == 9


def test_remove_operator_sends_the_operator_in_the_query_string(client, api, make):
    detached = make.number_detail(
        operators=[],
        available_operators=[{"id": 22, "name": "Jane Doe", "initials": "JD"}],
    )
    api.reply("DELETE", "/virtual_numbers/9/remove_operator", data=detached)

    number = client.remove_operator(9, 22)

    assert api.last.method == "DELETE"
    assert api.path() == "/virtual_numbers/9/remove_operator"
    assert api.query() == {"operator_id": "22"}
    assert api.last.body is None
    assert number.operators == ()
    assert [operator.id for operator in number.available_operators] == [22]


def test_remove_operator_rereads_the_number_when_the_answer_is_empty(client, api, make):
    api.reply("DELETE", "/virtual_numbers/9/remove_operator", status=204, body="")
    api.reply("GET", "/virtual_numbers/9", data=make.number_detail(operators=[]))

    number = client.remove_operator(9, 22)

    assert [request.method for request in api.requests] == ["DELETE", "GET"]
    assert number.operators == ()


def test_remove_operator_that_is_not_attached_raises_not_found(client, api):
    api.reply("DELETE", "/virtual_numbers/9/remove_operator", status=404,
              json={"error": "Resource not found"})

    with pytest.raises(NotFoundError):
        client.remove_operator(9, 99)
