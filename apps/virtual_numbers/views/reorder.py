"""Moving an operator up or down a priority-routed number (docs/api-decisions.md, "Reordering
routing"): the steps are planned and run by apps/virtual_numbers/reorder.py; this page shows each
step and the order IdentityCall reports afterwards."""

from django.views.decorators.http import require_POST
from django_htmx.http import trigger_client_event

from apps.accounts.clients import client_for
from apps.frame import list_cache
from apps.frame.http import render_page
from apps.frame.items import answers_not_found, read_or_404
from apps.reference.routing import operator_name
from apps.virtual_numbers import reorder
from apps.virtual_numbers.views.numbers import detail_context
from apps.virtual_numbers.views.routing import routing_failure

CHANGED = (
    "The operators on this number changed since the page was shown, so nothing was moved. "
    "This is the order IdentityCall has now: move again from here."
)
SAVED = "Saved the new order: IdentityCall now rings them as shown."
NOT_PRIORITY = "The order only matters for priority routing, so nothing was moved."


@require_POST
@answers_not_found("number")
def reorder_operators(request, number_id):
    client = client_for(request.user)
    number = read_or_404(client.get_virtual_number, number_id)
    target, seen = posted_ids(request, "order"), posted_ids(request, "seen")
    refusal = refusal_for(number, target, seen)
    if refusal:
        return routing_failure(request, client, number_id, None, status=409, error=refusal,
                               number=number)
    outcome = reorder.run(client, number, target)
    list_cache.forget(client, "operators")
    now = outcome.number or number
    known = [*number.operators, *number.available_operators]
    context = detail_context(
        now,
        notice=SAVED if outcome.ok else "",
        error=failure_sentence(outcome, known),
    )
    context.update(
        reorder=outcome,
        steps=step_lines(outcome, known),
        restore_order=restore_order(outcome, number),
        unknown_order=outcome.number is None,
    )
    partial = "routing" if request.htmx else None
    template = "virtual_numbers/detail.html" if request.htmx else "virtual_numbers/reorder.html"
    response = render_page(request, template, context, partial=partial)
    return trigger_client_event(response, "routingChanged", {"number_id": number_id})


def posted_ids(request, name) -> list:
    """Return the operator ids posted as "3,1,2" under `name`; [] when unreadable."""
    try:
        return [int(part) for part in request.POST.get(name, "").split(",") if part.strip()]
    except ValueError:
        return []


def refusal_for(number, target, seen) -> str:
    """Return why this reorder is not started ("" when it can be): another strategy, or stale."""
    if number.routing_strategy != "priority":
        return NOT_PRIORITY
    current = list(reorder.ordered_ids(number))
    # The moves were computed from the order the page showed; if it is no longer the order,
    # doing them would put someone else first.
    if seen != current or sorted(target) != sorted(current) or len(set(target)) != len(target):
        return CHANGED
    return ""


def restore_order(outcome, before) -> str:
    """Return the order "3,1,2" the number had before a failed reorder, when it can be put back."""
    was = reorder.ordered_ids(before)
    now = outcome.order
    if outcome.ok or not now or sorted(now) != sorted(was) or now == was:
        return ""
    return ",".join(str(op_id) for op_id in was)


def step_lines(outcome, known) -> list:
    """Return [(sentence, state)] for each planned step."""
    return [(reorder.step_sentence(step, state, known), state) for step, state in outcome.steps]


def failure_sentence(outcome, known) -> str:
    """Return what went wrong and where the number stands now ("" after a verified success)."""
    if outcome.ok:
        return ""
    if outcome.number is None:
        return (f"{outcome.error} The number could not be read again, so its order is unknown: "
                "open the number again to see it.")
    said = [outcome.error]
    if outcome.put_back is not None:
        said.append(f"{operator_name(known, outcome.put_back)} was put back on the number,"
                    " at the end.")
    missing = [op_id for op_id in outcome.target if op_id not in outcome.order]
    if missing:
        names = ", ".join(operator_name(known, op_id) for op_id in missing)
        said.append(f"Not on the number now: {names}.")
    said.append("The order below is the one IdentityCall has now.")
    return " ".join(said)
