"""An operator's recent calls: the recent calls of the numbers routing calls to them.

IdentityCall has no calls endpoint (docs/api-decisions.md); each number's detail form carries its
10 most recent calls, so this part reads the operator's numbers one by one (at most MAX_NUMBERS)
and merges their calls. It is a part of its own (loaded after the page, or opened as a page
without JavaScript) so the operator's page never waits for it.

IdentityCall docs gap: a call does not say which operator answered it, so these are the calls of
the numbers this operator answers, not necessarily calls this operator took.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

from django.views.decorators.http import require_GET

from apps.accounts.clients import client_for
from apps.frame.errors import describe_error
from apps.frame.http import render_page
from apps.frame.items import answers_not_found, read_or_404
from apps.identitycall import errors
from apps.reference.routing import number_label

MAX_NUMBERS = 5
MAX_CALLS = 15
UNDATED = datetime.min.replace(tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class CallRow:
    call: object
    number_id: int | None
    number: str  # "+1 415-555-0100 · Support line"
    duration: str  # "3:33", "–" when unknown


def duration(seconds) -> str:
    """Return seconds as m:ss, "–" when unknown."""
    if seconds is None:
        return "–"
    minutes, rest = divmod(int(seconds), 60)
    return f"{minutes}:{rest:02d}"


def recent_calls(client, operator) -> tuple[list, list, bool]:
    """Return (rows newest first, sentences about numbers that could not be read, cut short)."""
    rows, problems = [], []
    for ref in operator.virtual_numbers[:MAX_NUMBERS]:
        try:
            number = client.get_virtual_number(ref.id)
        except errors.AuthenticationError:
            raise
        except errors.IdentityCallError as exc:
            problems.append(f"{number_label(ref)}: {describe_error(exc)}")
            continue
        label = number_label(number)
        rows += [CallRow(call, number.id, label, duration(call.call_duration))
                 for call in number.recent_calls]
    rows.sort(key=lambda row: row.call.created_at or UNDATED, reverse=True)  # undated last
    return rows[:MAX_CALLS], problems, len(operator.virtual_numbers) > MAX_NUMBERS


@require_GET
@answers_not_found("operator")
def operator_calls(request, operator_id):
    client = client_for(request.user)
    operator = read_or_404(client.get_operator, operator_id)
    rows, problems, cut = recent_calls(client, operator)
    context = {
        "operator": operator,
        "calls": rows,
        "problems": problems,
        "numbers_cut": cut,
        "max_numbers": MAX_NUMBERS,
    }
    return render_page(request, "operators/calls.html", context, partial="operator-calls")
