"""The numbers list, one number's page, and its settings form."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from apps.identitycall import errors
from apps.accounts.clients import client_for
from apps.virtual_numbers.charts import call_bar
from apps.virtual_numbers.forms import (
    ROUTING_STRATEGIES,
    AttachOperatorForm,
    NewOperatorForm,
    NumberSettingsForm,
    add_upstream_errors,
)
from apps.virtual_numbers.phones import format_phone
from apps.virtual_numbers.views.common import fetch_number, refusal
from apps.frame.listing import cut_short_note

FIELD_LABELS = {
    "name": "name",
    "active": "active",
    "recording": "recording",
    "routing_strategy": "routing strategy",
}


@require_GET
def number_list(request):
    numbers = client_for(request.user).list_virtual_numbers()
    context = {"numbers": numbers, "list_note": cut_short_note(numbers, "numbers")}
    return render(request, "virtual_numbers/list.html", context)


@require_GET
def number_detail(request, number_id):
    number = fetch_number(client_for(request.user), number_id)
    return render(request, "virtual_numbers/detail.html", detail_context(number))


def detail_context(number, **routing):
    """Return the detail page's context; `routing` overrides parts of the routing section."""
    return {
        "number": number,
        "chart": call_bar(number.stats),
        "strategies": ROUTING_STRATEGIES,
        **routing_context(number, **routing),
    }


def routing_context(number, *, attach_form=None, new_form=None, notice="", error="", next_url=""):
    """Return the routing section's context: operators by priority and the two attach forms."""
    operators = sorted(
        number.operators, key=lambda op: (op.priority is None, op.priority or 0, op.name or "")
    )
    return {
        "number": number,
        "operators": operators,
        "attach_form": attach_form or AttachOperatorForm(operators=number.available_operators),
        # Local-format numbers are read as the number's own country unless the user picks another.
        "new_form": new_form or NewOperatorForm(initial={"region": number.country_code or "US"}),
        "routing_notice": notice,
        "routing_error": error,
        "next_url": next_url,
    }


@require_http_methods(["GET", "POST"])
def number_edit(request, number_id):
    client = client_for(request.user)
    number = fetch_number(client, number_id)
    if request.method == "GET":
        return render_edit(request, NumberSettingsForm(number=number))
    form = NumberSettingsForm(request.POST, number=number)
    if not form.is_valid():
        return render_edit(request, form, status=422)
    changes = form.changes()
    if not changes:
        messages.info(request, "Nothing changed, so nothing was sent to IdentityCall.")
        return redirect("virtual_numbers:detail", number_id=number_id)
    try:
        client.update_virtual_number(number_id, **changes)
    except errors.NotFoundError:
        raise Http404("No such virtual number, or your key cannot see it.") from None
    except (errors.ValidationError, errors.BadRequestError) as exc:
        add_upstream_errors(form, exc, "IdentityCall did not accept these settings.")
        return render_edit(request, form, status=422)
    except errors.PermissionDeniedError as exc:
        form.add_error(None, refusal(request, exc, "change this number"))
        return render_edit(request, form, status=403)
    saved = ", ".join(FIELD_LABELS[field] for field in changes)
    messages.success(request, f"Saved {format_phone(number.phone_number)}: {saved}.")
    return redirect("virtual_numbers:detail", number_id=number_id)


def render_edit(request, form, status=200):
    context = {"form": form, "number": form.number, "strategies": ROUTING_STRATEGIES}
    return render(request, "virtual_numbers/edit.html", context, status=status)
