"""Reordering a priority-routed number's operators with detach and re-attach (docs/api-decisions.md,
"Reordering routing"): the fewest steps, the new first operator attached throughout, the order
verified against IdentityCall's answer, and a failure midway reported with the order it left."""

import json
from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from apps.audit.models import AuditEvent
from apps.virtual_numbers.reorder import ATTACH, DETACH, Step, plan
from tests.virtual_numbers.builders import detail_json, operator_json, url

REORDER = reverse("virtual_numbers:reorder_operators", args=[9])
HTMX = {"HTTP_HX_REQUEST": "true"}
PEOPLE = {1: "Jane Doe", 2: "Bo Li", 3: "Greta Hall"}


# The plan


def apply(order, steps):
    """Return each order the number has after each step, applying attach/detach as the API does."""
    order, seen = list(order), []
    for step in steps:
        if step.verb == DETACH:
            order.remove(step.operator_id)
        else:
            order.append(step.operator_id)
        seen.append(list(order))
    return seen


def test_the_same_order_needs_no_step():
    assert plan([1, 2, 3], [1, 2, 3]) == []


def test_swapping_the_last_two_moves_only_the_one_that_goes_down():
    assert plan([1, 2, 3], [1, 3, 2]) == [Step(DETACH, 2), Step(ATTACH, 2)]


def test_swapping_the_first_two_keeps_the_new_first_and_moves_the_rest():
    assert plan([1, 2, 3], [2, 1, 3]) == [
        Step(DETACH, 1), Step(ATTACH, 1), Step(DETACH, 3), Step(ATTACH, 3),
    ]


def test_a_new_order_with_other_operators_is_refused():
    with pytest.raises(ValueError):
        plan([1, 2, 3], [1, 2, 4])
    with pytest.raises(ValueError):
        plan([1, 2, 3], [1, 1, 2, 3])


@given(st.permutations(list(range(1, 7))), st.permutations(list(range(1, 7))))
def test_any_plan_ends_in_the_new_order_and_never_detaches_the_new_first(current, target):
    steps = plan(current, target)
    orders = apply(current, steps)
    assert (orders[-1] if orders else list(current)) == list(target)
    assert all(target[0] in order for order in orders)  # calls never reach nobody
    assert all(len(order) >= len(current) - 1 for order in orders)  # one operator off at most
    # The fewest steps: everything after the longest start of `target` standing in `current`.
    assert all(step.operator_id != target[0] for step in steps)
    assert len(steps) % 2 == 0 and steps[::2] == [Step(DETACH, s.operator_id) for s in steps[1::2]]


# The page, against a fake IdentityCall that keeps the routing like the API does


class Routing:
    """A number's routing as IdentityCall keeps it: attach appends, detach removes."""

    def __init__(self, upstream, order, *, failing=()):
        """`failing`: the numbers (1-based) of the calls answered 500 without changing anything."""
        self.order, self.log, self.moments, self.failing = list(order), [], [], set(failing)
        number = url("/virtual_numbers/9")
        upstream.add_callback("GET", number, callback=self.read)
        upstream.add_callback("POST", number + "/add_operator", callback=self.attach)
        upstream.add_callback("DELETE", number + "/remove_operator", callback=self.detach)

    def body(self):
        operators = [
            operator_json(op_id, PEOPLE[op_id], f"+1415555010{op_id}", priority=index)
            for index, op_id in enumerate(self.order)
        ]
        available = [
            operator_json(op_id, name, f"+1415555010{op_id}")
            for op_id, name in PEOPLE.items()
            if op_id not in self.order
        ]
        return json.dumps({"data": detail_json(operators=operators, available_operators=available)})

    def answer(self, verb, change):
        self.log.append(verb)
        if len(self.log) in self.failing:
            return (500, {}, json.dumps({"error": "Internal error"}))
        change()
        self.moments.append(list(self.order))
        return (200, {}, self.body())

    def read(self, request):
        return self.answer("GET", lambda: None)

    def attach(self, request):
        op_id = json.loads(request.body)["operator_id"]
        return self.answer(f"attach {op_id}", lambda: self.order.append(op_id))

    def detach(self, request):
        op_id = int(parse_qs(urlparse(request.url).query)["operator_id"][0])
        return self.answer(f"detach {op_id}", lambda: self.order.remove(op_id))


def test_moving_the_last_operator_to_the_top_keeps_it_attached_throughout(keyed, upstream):
    routing = Routing(upstream, [1, 2, 3])

    response = keyed.post(REORDER, {"order": "3,1,2", "seen": "1,2,3"}, **HTMX)

    assert routing.log == ["GET", "detach 1", "attach 1", "detach 2", "attach 2", "GET"]
    assert all(3 in moment for moment in routing.moments)
    assert routing.order == [3, 1, 2]
    html = response.content.decode()
    assert response.status_code == 200
    assert "Saved the new order" in html
    assert "4 steps sent to IdentityCall" in html
    assert html.index("Greta Hall</strong>") < html.index("Jane Doe</strong>") < html.index(
        "Bo Li</strong>"
    )
    # Each step is a write through the client, so each is in the activity trail.
    assert AuditEvent.objects.filter(action__in=["number.add_operator", "number.remove_operator"]).count() == 4


def test_the_page_offers_up_and_down_with_the_whole_new_order(keyed, upstream):
    Routing(upstream, [1, 2, 3])

    html = keyed.get(reverse("virtual_numbers:detail", args=[9])).content.decode()

    assert 'name="order" value="2,1,3"' in html  # Bo Li up, or Jane Doe down
    assert 'name="order" value="1,3,2"' in html
    # Four moves (two rows with one, one with two) and the form a drag posts through.
    assert html.count('name="seen" value="1,2,3"') == 5
    assert 'draggable="true" data-operator-id="3"' in html
    assert "Move Jane Doe down" in html and "Move Jane Doe up" not in html


def test_without_javascript_the_answer_is_a_page_listing_the_steps(keyed, upstream):
    Routing(upstream, [1, 2, 3])

    html = keyed.post(REORDER, {"order": "1,3,2", "seen": "1,2,3"}).content.decode()

    assert "The new order is saved" in html
    assert "Detached Bo Li." in html and "Attached Bo Li again, at the end." in html
    assert html.index("Greta Hall</strong>") < html.index("Bo Li</strong>")


def test_a_failure_at_the_third_call_puts_the_operator_back_and_reports_the_order(keyed, upstream):
    # Calls: read, detach Jane Doe, attach Jane Doe again (fails: IdentityCall answers 500).
    routing = Routing(upstream, [1, 2, 3], failing={3})

    html = keyed.post(REORDER, {"order": "3,1,2", "seen": "1,2,3"}, **HTMX).content.decode()

    # Read again, Jane Doe is missing, so she is attached again and the number read once more.
    assert routing.log == ["GET", "detach 1", "attach 1", "GET", "attach 1", "GET"]
    assert routing.order == [2, 3, 1]
    assert "Attaching Jane Doe again failed." in html
    assert "Not run: Detach Bo Li." in html
    assert "Jane Doe was put back on the number, at the end." in html
    assert "The order below is the one IdentityCall has now." in html
    shown = [html.index(f"{name}</strong>") for name in ("Bo Li", "Greta Hall", "Jane Doe")]
    assert shown == sorted(shown)
    assert 'name="order" value="1,2,3"' in html  # "Put back the order it had before"


def test_when_the_number_cannot_be_read_after_a_failure_its_order_is_called_unknown(
    keyed, upstream
):
    # The detach fails, and so does reading the number afterwards.
    routing = Routing(upstream, [1, 2, 3], failing={2, 3})

    html = keyed.post(REORDER, {"order": "3,1,2", "seen": "1,2,3"}, **HTMX).content.decode()

    assert "its order is unknown" in html
    assert "Read the number again" in html
    assert routing.log == ["GET", "detach 1", "GET"]


def test_a_stale_page_moves_nothing(keyed, upstream):
    routing = Routing(upstream, [2, 1, 3])

    response = keyed.post(REORDER, {"order": "2,1,3", "seen": "1,2,3"}, **HTMX)

    assert response.status_code == 409
    assert "changed since the page was shown" in response.content.decode()
    assert routing.log == ["GET"]


def test_a_number_not_routed_by_priority_is_not_reordered(keyed, upstream):
    number = detail_json(routing_strategy="round_robin")
    upstream.get(url("/virtual_numbers/9"), json={"data": number})

    response = keyed.post(REORDER, {"order": "1,2", "seen": "2,1"}, **HTMX)

    assert response.status_code == 409
    assert "only matters for priority routing" in response.content.decode()
    assert len(upstream.calls) == 1
