"""Operators: list with an inline active switch, create, detail with the numbers they answer
(attach, detach), edit (only what changed is sent) and delete."""

from django.contrib import messages
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.accounts.clients import client_for
from apps.frame import form_tokens, list_cache
from apps.frame.errors import describe_error
from apps.frame.http import NOT_FOUND_SENTENCE, go_to, posted, render_page, safe_next
from apps.frame.middleware import alert_response
from apps.frame.items import answers_not_found, create_once, read_or_404, save_or_explain
from apps.frame.key_hints import READ_ONLY_WHY, explain_refusal, hints_for
from apps.frame.listing import cut_short_note, render_list
from apps.identitycall import errors
from apps.operators.forms import AttachForm, DeleteOperatorForm, OperatorForm
from apps.reference.phones import format_phone
from apps.reference.routing import (
    NOT_FOUND,
    NOT_ON_NUMBER,
    ROUTING_ACTION,
    number_label,
    operator_name,
)

FILTERED_ON = ("name", "phone_number", lambda op: format_phone(op.phone_number), "email")
# What attach and detach may be refused for, each explained in the numbers section.
ROUTING_REFUSALS = (
    errors.PermissionDeniedError,
    errors.NotFoundError,
    errors.ValidationError,
    errors.BadRequestError,
)


# htmx changes these two pages in place (switches, routing); without no-store, Back would show the
# copy from before those changes.
@never_cache
@require_GET
def operator_list(request):
    operators = list_cache.operators(client_for(request.user), fresh=True)  # kept for counts
    return render_list(
        request,
        "operators/list.html",
        operators,
        FILTERED_ON,
        partial="operator-list",
        plural="operators",
        hints=hints_for(request),
        next=request.get_full_path(),  # where each row's active switch returns
    )


@require_http_methods(["GET", "POST"])
def operator_create(request):
    form = OperatorForm(posted(request))
    return create_once(
        request,
        client_for(request.user),
        form,
        lambda client, fields: client.create_operator(**fields),
        lists="operators",
        done=lambda operator, token: _saved(request, operator, form, "created", token=token),
        show_form=lambda status: _render_form(request, form, None, status),
    )


@require_http_methods(["GET", "POST"])
@answers_not_found("operator")
def operator_edit(request, operator_id):
    client = client_for(request.user)
    operator = read_or_404(client.get_operator, operator_id)
    form = OperatorForm(posted(request), operator=operator)
    if form.is_valid() and not form.changed_fields(operator):
        return go_to(request, reverse("operators:detail", args=[operator_id]),
                     message="Nothing to save: no field was changed.", level=messages.INFO)
    return save_or_explain(
        request,
        client,
        form,
        lambda client: client.update_operator(operator_id, **form.changed_fields(operator)),
        lists="operators",
        done=lambda saved: _saved(request, saved, form, "saved"),
        show_form=lambda status: _render_form(request, form, operator, status),
    )


def _render_form(request, form, operator, status):
    """Return the create/edit page (or its form for htmx); a read-only key is not offered it."""
    refusal_why = (
        READ_ONLY_WHY if request.method == "GET" and hints_for(request).cannot_write else ""
    )
    context = {"form": form, "operator": operator, "refusal": refusal_why}
    return render_page(
        request, "operators/form.html", context, partial="operator-form", status=status
    )


def _saved(request, operator, form, verb, *, token=None):
    """Return the answer to a successful create or edit, showing IdentityCall's normalised phone."""
    name = operator.name or form.cleaned_data["name"]
    url = (
        reverse("operators:detail", args=[operator.id])
        if operator.id
        else reverse("operators:list")
    )
    form_tokens.complete(request, token, url=url, label=f"Operator “{name}”")
    saved_as = (
        f" Phone number saved as {format_phone(operator.phone_number)}."
        if operator.phone_number
        else ""
    )
    return go_to(request, url, message=f"Operator “{name}” {verb}.{saved_as}")


@require_POST
def toggle_active(request, operator_id):
    wanted = request.POST.get("active") == "true"
    back = safe_next(request, reverse("operators:list"))
    client = client_for(request.user)
    try:
        operator = client.update_operator(operator_id, active=wanted)
        list_cache.forget(client, "operators")
    except errors.NotFoundError:
        return _refused(
            request,
            f"Operator not found. {NOT_FOUND_SENTENCE}",
            status=404,
            back=reverse("operators:list"),
        )
    except errors.PermissionDeniedError as exc:
        why = explain_refusal(request, exc)
        return _refused(request, f"{why} The operator was not changed.", status=403, back=back)
    if request.htmx:
        context = {"operator": operator, "next": back, "hints": hints_for(request)}
        return render_page(request, "operators/_active_switch.html", context)
    state = "active" if operator.active else "inactive"
    return go_to(request, back, message=f"Operator “{operator.name}” is now {state}.")


def _refused(request, message, *, status, back):
    """Return an htmx alert, or a redirect back with the message (a post without JavaScript)."""
    if request.htmx:
        return alert_response(request, message, status=status)
    return go_to(request, back, message=message, level=messages.ERROR)


@never_cache
@require_GET
@answers_not_found("operator")
def operator_detail(request, operator_id):
    client = client_for(request.user)
    operator = read_or_404(client.get_operator, operator_id)
    context = numbers_context(request, client, operator)
    return render_page(request, "operators/detail.html", context, partial="operator-numbers")


def numbers_context(request, client, operator, *, data=None, notice="", error=""):
    """Return the detail page's context: the operator, its numbers and the attach form."""
    attached = {number.id for number in operator.virtual_numbers}
    try:
        numbers, numbers_problem = client.list_virtual_numbers(), ""
    except errors.AuthenticationError:
        raise
    except errors.IdentityCallError as exc:
        numbers, numbers_problem = [], describe_error(exc)
    candidates = [number for number in numbers if number.id not in attached]
    attach_form = AttachForm(data, numbers=candidates)
    # The picker says when IdentityCall's numbers list was longer than the console read.
    attach_form.fields["number_id"].help_text = cut_short_note(numbers, "numbers")
    return {
        "operator": operator,
        "hints": hints_for(request),
        "attach_form": attach_form,
        "candidates": candidates,
        "numbers_problem": numbers_problem,
        "notice": notice,
        "error": error,
        "next": reverse("operators:detail", args=[operator.id]),  # where the active switch returns
    }


@require_POST
@answers_not_found("operator")
def operator_attach(request, operator_id):
    client = client_for(request.user)
    form = AttachForm(request.POST)
    if not form.is_valid():
        return _routing_page(request, client, operator_id, data=request.POST, status=422)
    try:
        number = client.add_operator(form.cleaned_data["number_id"], operator_id=operator_id)
        list_cache.forget(client, "operators")
    except ROUTING_REFUSALS as exc:
        error, status = _routing_problem(request, exc)
        return _routing_page(
            request, client, operator_id, data=request.POST, error=error, status=status
        )
    name = operator_name(number.operators, operator_id)
    notice = f"Attached {name} to {number_label(number)}."
    return _routing_done(request, client, operator_id, notice)


@require_http_methods(["GET", "POST"])
@answers_not_found("operator")
def operator_detach(request, operator_id, number_id):
    client = client_for(request.user)
    operator = read_or_404(client.get_operator, operator_id)
    number = next((n for n in operator.virtual_numbers if n.id == number_id), None)
    if request.method == "GET":
        if number is None:
            return _routing_done(request, client, operator_id, NOT_ON_NUMBER, operator=operator)
        context = {"operator": operator, "number": number}
        return render_page(request, "operators/detach.html", context)
    try:
        client.remove_operator(number_id, operator_id)
        list_cache.forget(client, "operators")
    except errors.NotFoundError:
        # Detached already (a second click, another tab), as the numbers screens say it.
        return _routing_done(request, client, operator_id, NOT_ON_NUMBER)
    except ROUTING_REFUSALS as exc:
        error, status = _routing_problem(request, exc)
        return _routing_page(
            request, client, operator_id, operator=operator, error=error, status=status
        )
    label = number_label(number) if number else f"number {number_id}"
    return _routing_done(request, client, operator_id, f"Detached {operator.name} from {label}.")


def _routing_problem(request, exc) -> tuple[str, int]:
    """Return (sentence, status) for a refused attach or detach, worded as the numbers screens."""
    if isinstance(exc, errors.PermissionDeniedError):
        return explain_refusal(request, exc, action=ROUTING_ACTION), 403
    if isinstance(exc, errors.NotFoundError):
        return NOT_FOUND, 404
    return exc.message, 422  # IdentityCall's own words about the request (escaped when shown)


def _routing_done(request, client, operator_id, notice, *, operator=None):
    """Return the refreshed numbers section for htmx, else the operator's page with notice."""
    if not request.htmx:
        return go_to(request, reverse("operators:detail", args=[operator_id]), message=notice)
    return _routing_page(request, client, operator_id, operator=operator, notice=notice)


def _routing_page(request, client, operator_id, *, operator=None, status=200, **section):
    """Return the numbers section (htmx) or the whole page, with the attach form's input kept."""
    operator = operator or read_or_404(client.get_operator, operator_id)
    context = numbers_context(request, client, operator, **section)
    return render_page(
        request, "operators/detail.html", context, partial="operator-numbers", status=status
    )


@require_http_methods(["GET", "POST"])
@answers_not_found("operator")
def operator_delete(request, operator_id):
    client = client_for(request.user)
    operator = read_or_404(client.get_operator, operator_id)
    form = DeleteOperatorForm(posted(request))
    list_url = reverse("operators:list")
    context = {"operator": operator, "form": form}
    return save_or_explain(
        request,
        client,
        form,
        lambda client: client.delete_operator(operator_id),
        lists="operators",
        done=lambda _: go_to(request, list_url, message=f"Operator “{operator.name}” deleted."),
        gone=lambda: go_to(request, list_url, level=messages.INFO,
                           message=f"Operator “{operator.name}” was already deleted."),
        show_form=lambda status: render_page(
            request, "operators/delete.html", {**context, "hints": hints_for(request)},
            partial="delete-form", status=status,
        ),
        outcome="The operator was not deleted.",
    )
