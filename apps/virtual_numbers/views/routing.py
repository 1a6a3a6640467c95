"""Attaching operators to a number and detaching them; the operators screens post here too."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect, trigger_client_event

from apps.frame import list_cache
from apps.identitycall import errors
from apps.frame.middleware import outcome_for
from apps.accounts.clients import client_for
from apps.frame.errors import describe_error
from apps.virtual_numbers.forms import AttachOperatorForm, NewOperatorForm, add_upstream_errors
from apps.virtual_numbers.views.common import (
    fetch_number,
    redirect_back,
    refusal,
    safe_next,
    with_detail,
)
from apps.virtual_numbers.views.numbers import detail_context, routing_context

NOT_FOUND = (
    "IdentityCall could not find this number or operator: it may have been deleted, "
    "or your key cannot see it."
)
# After a change of unknown outcome the number is read again, so the section shows the truth.
LISTED_NOW = "The operators shown are as IdentityCall lists them now."


@require_POST
def add_operator(request, number_id):
    client = client_for(request.user)
    existing = "operator_id" in request.POST
    form = AttachOperatorForm(request.POST) if existing else NewOperatorForm(request.POST)
    if not form.is_valid():
        return routing_failure(request, client, number_id, form, status=422)
    fields = form.cleaned_data
    body = (
        {"operator_id": fields["operator_id"]}
        if existing
        else {"phone_number": fields["phone_number"], "name": fields["name"]}
    )
    try:
        number = with_detail(client, client.add_operator(number_id, **body))
        list_cache.forget(client, "operators")
    except (errors.ValidationError, errors.BadRequestError) as exc:
        add_upstream_errors(form, exc, "IdentityCall did not accept this operator.")
        return routing_failure(request, client, number_id, form, status=422)
    except errors.NotFoundError:
        form.add_error(None, NOT_FOUND)
        return routing_failure(request, client, number_id, form, status=404)
    except errors.PermissionDeniedError as exc:
        form.add_error(None, refusal(request, exc, "change who answers this number"))
        return routing_failure(request, client, number_id, form, status=403)
    except errors.AuthenticationError:
        raise  # the middleware's page links to the key page
    except errors.IdentityCallError as exc:
        # Outage, rate limit, conflict, odd answer: the typed operator stays in the form (if the
        # number cannot be read again either, the middleware's plain page follows).
        if exc.outcome_unknown:
            return attach_unsure(request, client, number_id, form, exc)
        error = describe_error(exc, writing=True)
        return routing_failure(request, client, number_id, form, status=outcome_for(exc)[0],
                               error=error)
    name = fields.get("name") or operator_name(number.operators, fields.get("operator_id"))
    return routing_success(request, number, f"Attached {name}.")


def attach_unsure(request, client, number_id, form, exc):
    """Return the answer to an attach IdentityCall may or may not have applied, read afresh."""
    number = fetch_number(client, number_id)
    fields = form.cleaned_data
    if "operator_id" in fields:
        on_it = any(op.id == fields["operator_id"] for op in number.operators)
        name = operator_name([*number.operators, *number.available_operators],
                             fields["operator_id"])
    else:
        on_it = any(op.phone_number == fields["phone_number"] for op in number.operators)
        name = fields["name"] or "the operator"
    if on_it:
        done = f"Attached {name}: IdentityCall's answer was lost, but the number lists them now."
        return routing_success(request, with_detail(client, number), done)
    error = f"{describe_error(exc, writing=True)} {name} is not on this number now. {LISTED_NOW}"
    return routing_failure(request, client, number_id, form, status=outcome_for(exc)[0],
                           error=error, number=number)


@require_http_methods(["GET", "POST"])
def remove_operator(request, number_id, operator_id):
    client = client_for(request.user)
    if request.method == "GET":
        number = fetch_number(client, number_id)
        operator = next((op for op in number.operators if op.id == operator_id), None)
        if operator is None:
            raise Http404("This operator is not on this number.")
        context = {"number": number, "operator": operator, "next_url": safe_next(request) or ""}
        return render(request, "virtual_numbers/remove_operator.html", context)
    try:
        number = client.remove_operator(number_id, operator_id)
        list_cache.forget(client, "operators")
    except errors.NotFoundError:
        # Detached already (a second click, another tab) or the number itself is gone (→ 404).
        number = fetch_number(client, number_id)
        return routing_success(request, number, "That operator was not on this number any more.")
    except errors.PermissionDeniedError as exc:
        error = refusal(request, exc, "change who answers this number")
        return routing_failure(request, client, number_id, None, status=403, error=error)
    except errors.IdentityCallError as exc:
        if not (exc.outcome_unknown or isinstance(exc, errors.ConflictError)):
            raise  # a rejected key, a rate limit, an unreachable IdentityCall: the middleware's
        return detach_unsure_or_refused(request, client, number_id, operator_id, exc)
    name = operator_name(number.available_operators, operator_id)
    return routing_success(request, with_detail(client, number), f"Detached {name}.")


def detach_unsure_or_refused(request, client, number_id, operator_id, exc):
    """Return the routing as it is now after a detach of unknown outcome, or refused by a 409."""
    number = fetch_number(client, number_id)
    error = describe_error(exc, writing=True)
    if exc.outcome_unknown:
        if not any(op.id == operator_id for op in number.operators):
            name = operator_name(number.available_operators, operator_id)
            done = (
                f"Detached {name}: IdentityCall's answer was lost, but the number no longer "
                "lists them."
            )
            return routing_success(request, with_detail(client, number), done)
        error = f"{error} {LISTED_NOW}"
    return routing_failure(request, client, number_id, None, status=outcome_for(exc)[0],
                           error=error, number=number)


def operator_name(operators, operator_id):
    """Return the name of the operator with this id among `operators`, or "the operator"."""
    found = next((op for op in operators if op.id == operator_id), None)
    return (found.name if found else None) or "the operator"


def routing_success(request, number, notice):
    """Return the refreshed routing section for htmx, else redirect to `next` or the number."""
    next_url = safe_next(request)
    if request.htmx and not next_url:
        context = routing_context(number, notice=notice)
        response = render(request, "virtual_numbers/detail.html#routing", context)
        return trigger_client_event(response, "routingChanged", {"number_id": number.id})
    messages.success(request, notice)
    if request.htmx:
        return HttpResponseClientRedirect(next_url)
    return redirect_back(request, number.id)


def routing_failure(request, client, number_id, form, *, status, error="", number=None):
    """Return the routing section (htmx) or the number's page with `form`'s input and errors.

    `number` is the number as just read, if it was; otherwise it is read here.
    """
    number = number or fetch_number(client, number_id)
    forms = {}
    if isinstance(form, AttachOperatorForm):
        form.offer(number.available_operators)  # the choice made stays selected
        forms["attach_form"] = form
    elif isinstance(form, NewOperatorForm):
        forms["new_form"] = form
    routing = {**forms, "error": error, "next_url": safe_next(request) or ""}
    if request.htmx:
        context = routing_context(number, **routing)
        return render(request, "virtual_numbers/detail.html#routing", context, status=status)
    context = detail_context(number, **routing)
    return render(request, "virtual_numbers/detail.html", context, status=status)
