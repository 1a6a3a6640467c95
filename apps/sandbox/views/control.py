"""Control endpoints for tests and demos (no API key; they exist only where the sandbox does).

* `GET /control/faults` lists the knobs, `POST /control/faults` adds one (JSON with the `Fault`
  fields), `DELETE /control/faults` removes all, `DELETE /control/faults/<id>` one.
* `GET /control/inventory?country=US&number_type=mobile` lists the numbers still for sale.
* `GET /control/keys` returns the demo keys; `POST /control/seed` (`{"reset": true}`) reseeds,
  and with `{"other_account": true}` adds the second account (Globex) and its key.

They answer only requests from this machine (403 otherwise), and a POST only when its
Content-Type is application/json (415 otherwise): a page in the developer's browser can send a
cross-site form or a "simple" fetch without asking first, but not a JSON one, which needs a
preflight the sandbox never allows. So no web page can reset the sandbox or inject faults.
"""

import json
import re
from ipaddress import ip_address

from django.contrib.auth.decorators import login_not_required
from django.views.decorators.csrf import csrf_exempt

from .. import serializers
from ..models import AvailableNumber, Fault
from ..responses import created, error, errors, no_content, ok
from ..seed import ensure_keys, seed_demo


def control(**handlers):
    """Return a key-less JSON view dispatching on the method."""

    # No CSRF token: scripts and tests call these; the JSON content type is what keeps a
    # cross-site page out (see the module's docstring).
    @csrf_exempt
    @login_not_required
    def view(request, *args, **kwargs):
        if not from_this_machine(request):
            return error(403, "The sandbox's controls answer only this machine")
        handler = handlers.get(request.method)
        if handler is None:
            return error(405, "Method not allowed", headers={"Allow": ", ".join(sorted(handlers))})
        if request.method == "POST" and request.content_type != "application/json":
            return error(415, "Send the body as JSON with Content-Type: application/json")
        return handler(request, *args, **kwargs)

    return view


def from_this_machine(request):
    """Return whether the request's peer (REMOTE_ADDR, never a forwarded header) is loopback."""
    try:
        address = ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return (getattr(address, "ipv4_mapped", None) or address).is_loopback


def fault_data(fault):
    return {
        field: getattr(fault, field)
        for field in (
            "id",
            "route",
            "regex",
            "method",
            "latency_ms",
            "status",
            "body",
            "drop_connection",
            "malformed_json",
            "retry_after",
            "remaining",
            "hits",
        )
    }


def parse_fault(body):
    """Return (Fault, problems) from a JSON body of `Fault` fields."""
    problems = []
    fault = Fault()
    for field in ("route", "body"):
        value = body.get(field, "")
        if not isinstance(value, str):
            problems.append(f"{field} must be a string")
        setattr(fault, field, value if isinstance(value, str) else "")
    method = body.get("method", "*")
    fault.method = method.upper() if isinstance(method, str) else "*"
    for field in ("regex", "drop_connection", "malformed_json"):
        value = body.get(field, False)
        if not isinstance(value, bool):
            problems.append(f"{field} must be true or false")
        setattr(fault, field, value is True)
    for field, nullable in (
        ("latency_ms", False),
        ("status", True),
        ("retry_after", True),
        ("remaining", True),
    ):
        value = body.get(field, None if nullable else 0)
        if value is None and nullable:
            setattr(fault, field, None)
        elif isinstance(value, bool) or not isinstance(value, int) or value < 0:
            problems.append(f"{field} must be a non-negative integer")
        else:
            setattr(fault, field, value)
    if fault.regex:
        try:
            re.compile(fault.route)
        except re.error:
            problems.append("route is not a valid regular expression")
    if fault.status is not None and not 100 <= fault.status <= 599:
        problems.append("status must be an HTTP status between 100 and 599")
    return fault, problems


def list_faults(request):
    return ok([fault_data(fault) for fault in Fault.objects.all()])


def add_fault(request):
    try:
        body = json.loads(request.body or b"{}")
    except ValueError:
        return error(400, "Request body must be valid JSON")
    if not isinstance(body, dict):
        return error(400, "Request body must be a JSON object")
    fault, problems = parse_fault(body)
    if problems:
        return errors(problems)
    fault.save()
    return created(fault_data(fault))


def clear_faults(request, fault_id=None):
    faults = Fault.objects.all() if fault_id is None else Fault.objects.filter(pk=fault_id)
    faults.delete()
    return no_content()


def inventory(request):
    entries = AvailableNumber.objects.all()
    if request.GET.get("country"):
        entries = entries.filter(country_code=request.GET["country"].strip().upper())
    if request.GET.get("number_type"):
        entries = entries.filter(number_type=request.GET["number_type"].strip().lower())
    return ok([serializers.available_number(entry) for entry in entries.order_by("id")])


def keys(request):
    return ok(ensure_keys())


def reseed(request):
    try:
        body = json.loads(request.body or b"{}")
    except ValueError:
        body = {}
    if not isinstance(body, dict):
        body = {}
    return ok(seed_demo(reset=body.get("reset") is True,
                        other_account=body.get("other_account") is True))


faults = control(GET=list_faults, POST=add_fault, DELETE=clear_faults)
fault = control(DELETE=clear_faults)
available_inventory = control(GET=inventory)
demo_keys = control(GET=keys)
seed = control(POST=reseed)
