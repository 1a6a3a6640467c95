"""The numbers list, one number's page, and its settings form."""

from django.contrib import messages
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from apps.accounts.clients import client_for
from apps.frame.http import go_to, posted, render_page
from apps.frame.items import answers_not_found, read_or_404, save_or_explain
from apps.frame.listing import cut_short_note
from apps.reference.phones import format_phone
from apps.virtual_numbers import reorder
from apps.virtual_numbers.by_project import by_project, wanted_project
from apps.virtual_numbers.charts import call_bar
from apps.virtual_numbers.forms import (
    ROUTING_STRATEGIES,
    AttachOperatorForm,
    NewOperatorForm,
    NumberSettingsForm,
)

FIELD_LABELS = {
    "name": "name",
    "active": "active",
    "recording": "recording",
    "routing_strategy": "routing strategy",
}


@require_GET
def number_list(request):
    client = client_for(request.user)
    numbers = client.list_virtual_numbers()
    context = {
        "numbers": numbers,
        "list_note": cut_short_note(numbers, "numbers"),
        **by_project(client, numbers, wanted_project(request)),
    }
    return render_page(request, "virtual_numbers/list.html", context)


@require_GET
@answers_not_found("number")
def number_detail(request, number_id):
    number = read_or_404(client_for(request.user).get_virtual_number, number_id)
    return render_page(request, "virtual_numbers/detail.html", detail_context(number))


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
    operators = reorder.by_priority(number)
    ids = [op.id for op in operators]
    last = len(ids) - 1
    return {
        "number": number,
        "operators": operators,
        # Each row's "move up" and "move down" post the whole new order and the order shown.
        "rows": [
            (
                op,
                reorder.moved(ids, i, i - 1) if i else "",
                reorder.moved(ids, i, i + 1) if i < last else "",
            )
            for i, op in enumerate(operators)
        ],
        "seen": ",".join(str(op_id) for op_id in ids),
        "can_reorder": number.routing_strategy == "priority" and len(ids) > 1,
        "attach_form": attach_form or AttachOperatorForm(operators=number.available_operators),
        # Local-format numbers are read as the number's own country unless the user picks another.
        "new_form": new_form or NewOperatorForm(initial={"region": number.country_code or "US"}),
        "routing_notice": notice,
        "routing_error": error,
        "next_url": next_url,
    }


@require_http_methods(["GET", "POST"])
@answers_not_found("number")
def number_edit(request, number_id):
    client = client_for(request.user)
    number = read_or_404(client.get_virtual_number, number_id)
    form = NumberSettingsForm(posted(request), number=number)
    detail_url = reverse("virtual_numbers:detail", args=[number_id])
    if form.is_valid() and not form.changes():
        return go_to(request, detail_url, level=messages.INFO,
                     message="Nothing changed, so nothing was sent to IdentityCall.")
    return save_or_explain(
        request,
        client,
        form,
        lambda client: client.update_virtual_number(number_id, **form.changes()),
        done=lambda _: go_to(request, detail_url, message=saved_sentence(number, form.changes())),
        show_form=lambda status: render_edit(request, form, status),
        action="change this number",
    )


def saved_sentence(number, changes) -> str:
    """Return "Saved +1 415-555-0100: name, routing strategy."."""
    saved = ", ".join(FIELD_LABELS[field] for field in changes)
    return f"Saved {format_phone(number.phone_number)}: {saved}."


def render_edit(request, form, status=200):
    """Return the settings page with form (its errors, after a refused post)."""
    context = {"form": form, "number": form.number, "strategies": ROUTING_STRATEGIES}
    return render_page(request, "virtual_numbers/edit.html", context, status=status)
