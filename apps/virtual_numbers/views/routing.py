"""Attaching operators to a number and detaching them. The operators screens do the same from the
operator's side, in the same words (apps/reference/routing.py)."""

from django.http import Http404
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import trigger_client_event

from apps.accounts.clients import client_for
from apps.frame import list_cache
from apps.frame.errors import describe_error
from apps.frame.form_errors import add_api_errors
from apps.frame.http import go_to, render_page, safe_next
from apps.frame.items import answers_not_found, read_or_404
from apps.frame.key_hints import explain_refusal
from apps.frame.middleware import outcome_for
from apps.identitycall import errors
from apps.reference.routing import NOT_FOUND, NOT_ON_NUMBER, ROUTING_ACTION, operator_name
from apps.virtual_numbers.forms import AttachOperatorForm, NewOperatorForm
from apps.virtual_numbers.views.numbers import detail_context

# After a change of unknown outcome the number is read again, so the section shows the truth.
LISTED_NOW = "The operators shown are as IdentityCall lists them now."


@require_POST
@answers_not_found("number")
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
    except errors.IdentityCallError as exc:
        return attach_failed(request, client, number_id, form, exc)
    name = fields.get("name") or operator_name(number.operators, fields.get("operator_id"))
    return routing_success(request, number, f"Attached {name}.")


def attach_failed(request, client, number_id, form, exc):
    """Return the routing section saying why the operator was not attached, input kept."""
    if isinstance(exc, errors.AuthenticationError):
        raise exc  # the middleware's page links to the key page
    if exc.outcome_unknown:
        return attach_unsure(request, client, number_id, form, exc)
    status, error = outcome_for(exc)[0], ""
    if isinstance(exc, (errors.ValidationError, errors.BadRequestError)):
        add_api_errors(form, exc)
        status = 422
    elif isinstance(exc, errors.NotFoundError):
        form.add_error(None, NOT_FOUND)
    elif isinstance(exc, errors.PermissionDeniedError):
        form.add_error(None, explain_refusal(request, exc, action=ROUTING_ACTION))
    else:
        # Unreachable, rate limited, a conflict: said above the section (if the number cannot be
        # read again either, the middleware's plain page follows).
        error = describe_error(exc, writing=True)
    return routing_failure(request, client, number_id, form, status=status, error=error)


def attach_unsure(request, client, number_id, form, exc):
    """Return the answer to an attach IdentityCall may or may not have applied, read afresh."""
    number = read_or_404(client.get_virtual_number, number_id)
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
        return routing_success(request, number, done)
    error = f"{describe_error(exc, writing=True)} {name} is not on this number now. {LISTED_NOW}"
    return routing_failure(request, client, number_id, form, status=outcome_for(exc)[0],
                           error=error, number=number)


@require_http_methods(["GET", "POST"])
@answers_not_found("number")
def remove_operator(request, number_id, operator_id):
    client = client_for(request.user)
    if request.method == "GET":
        return confirm_detach(request, client, number_id, operator_id)
    try:
        number = client.remove_operator(number_id, operator_id)
        list_cache.forget(client, "operators")
    except errors.NotFoundError:
        # Detached already (a second click, another tab) or the number itself is gone (→ 404).
        number = read_or_404(client.get_virtual_number, number_id)
        return routing_success(request, number, NOT_ON_NUMBER)
    except errors.PermissionDeniedError as exc:
        error = explain_refusal(request, exc, action=ROUTING_ACTION)
        return routing_failure(request, client, number_id, None, status=403, error=error)
    except errors.IdentityCallError as exc:
        if not (exc.outcome_unknown or isinstance(exc, errors.ConflictError)):
            raise  # a rejected key, a rate limit, an unreachable IdentityCall: the middleware's
        return detach_unsure_or_refused(request, client, number_id, operator_id, exc)
    name = operator_name(number.available_operators, operator_id)
    return routing_success(request, with_detail(client, number), f"Detached {name}.")


def confirm_detach(request, client, number_id, operator_id):
    """Return the page asking to confirm a detach (the dialog's page, without JavaScript)."""
    number = read_or_404(client.get_virtual_number, number_id)
    operator = next((op for op in number.operators if op.id == operator_id), None)
    if operator is None:
        raise Http404("This operator is not on this number.")
    context = {"number": number, "operator": operator, "next_url": safe_next(request, "")}
    return render_page(request, "virtual_numbers/remove_operator.html", context)


def detach_unsure_or_refused(request, client, number_id, operator_id, exc):
    """Return the routing as it is now after a detach of unknown outcome, or refused by a 409."""
    number = read_or_404(client.get_virtual_number, number_id)
    error = describe_error(exc, writing=True)
    if exc.outcome_unknown:
        if not any(op.id == operator_id for op in number.operators):
            name = operator_name(number.available_operators, operator_id)
            done = (
                f"Detached {name}: IdentityCall's answer was lost, but the number no longer "
                "lists them."
            )
            return routing_success(request, number, done)
        error = f"{error} {LISTED_NOW}"
    return routing_failure(request, client, number_id, None, status=outcome_for(exc)[0],
                           error=error, number=number)


def with_detail(client, number):
    """Return `number` in detail form, reading it again if IdentityCall sent the short form."""
    # IdentityCall docs gap: the add_operator response is not documented (remove_operator returns
    # the detail form); without the detail form's routing strategy, ask for the number again.
    if number.routing_strategy is None and number.id is not None:
        return read_or_404(client.get_virtual_number, number.id)
    return number


def routing_success(request, number, notice):
    """Return the refreshed routing section for htmx, else go to `next` or the number's page."""
    next_url = safe_next(request)
    if request.htmx and not next_url:
        context = detail_context(number, notice=notice)
        response = render_page(request, "virtual_numbers/detail.html", context, partial="routing")
        return trigger_client_event(response, "routingChanged", {"number_id": number.id})
    return go_to(request, next_url or reverse("virtual_numbers:detail", args=[number.id]),
                 message=notice)


def routing_failure(request, client, number_id, form, *, status, error="", number=None):
    """Return the routing section (htmx) or the number's page with `form`'s input and errors.

    `number` is the number as just read, if it was; otherwise it is read here.
    """
    number = number or read_or_404(client.get_virtual_number, number_id)
    forms = {}
    if isinstance(form, AttachOperatorForm):
        form.offer(number.available_operators)  # the choice made stays selected
        forms["attach_form"] = form
    elif isinstance(form, NewOperatorForm):
        forms["new_form"] = form
    context = detail_context(number, **forms, error=error, next_url=safe_next(request, ""))
    return render_page(
        request, "virtual_numbers/detail.html", context, partial="routing", status=status
    )
