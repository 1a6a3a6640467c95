"""Virtual numbers: list, inventory search, purchase, get, update, and operator routing.

Both spellings of the docs are served: `POST /virtual_numbers/purchase` and `POST /virtual_numbers`,
`POST …/:id/add_operator` and `POST …/:id/operators`, `DELETE …/:id/remove_operator` (operator_id
in the query or a JSON body) and `DELETE …/:id/operators/:operator_id`.
"""

import re

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from .. import serializers
from ..auth import api_view, endpoint, visible_numbers, visible_operators, visible_projects
from ..models import (
    NUMBER_TYPES,
    ROUTING_STRATEGIES,
    AvailableNumber,
    NumberOperator,
    Operator,
    OperatorProject,
    RequirementGroup,
    VirtualNumber,
)
from ..paging import listed
from ..responses import ApiError, Invalid, NotFound, created, ok
from ..validation import Checker, json_body, positive_int
from .operators import check_phone_free, renumber

# IdentityCall docs gap: the purchase page's second 422 is cut after "Requ…"; we require an
# approved requirement group for countries that regulate numbers.
REGULATED_COUNTRIES = {"DE", "LT"}
COST = re.compile(r"\d{1,6}(\.\d{1,4})?")


def find_number(key, number_id):
    number = visible_numbers(key).filter(pk=number_id).first()
    if number is None:
        raise NotFound()
    return number


def _detail(key, number):
    # IdentityCall docs gap: `available_operators` is "account operators not yet attached"; for a
    # project-scoped key that means the operators of its project.
    return serializers.number_detail(number, visible_operators(key))


@api_view(permission="read")
def list_numbers(request):
    links = NumberOperator.objects.select_related("operator").order_by("priority", "id")
    numbers = visible_numbers(request.sandbox_key).prefetch_related(
        Prefetch("links", queryset=links)
    )
    # IdentityCall docs gap: the order of numbers is undocumented; oldest first.
    return listed(request, numbers.order_by("id"), serializers.number_short)


@api_view(permission="read")
def available_numbers(request):
    # Allowed for project-scoped keys too: the search is not tied to a project.
    country = (request.GET.get("country") or "US").strip().upper()
    number_type = (request.GET.get("number_type") or "mobile").strip().lower()
    problems = []
    if not re.fullmatch(r"[A-Z]{2}", country):
        problems.append("country must be a two-letter ISO 3166-1 code")
    if number_type not in NUMBER_TYPES:
        problems.append(f"number_type must be one of {', '.join(NUMBER_TYPES)}")
    if problems:
        raise Invalid(problems)
    entries = AvailableNumber.objects.filter(country_code=country, number_type=number_type)
    return listed(request, entries.order_by("id"), serializers.available_number)


@api_view(permission="write")
def purchase_number(request):
    key = request.sandbox_key
    body = json_body(request)
    raw_phone = body.get("phone_number")
    if raw_phone is None or (isinstance(raw_phone, str) and not raw_phone.strip()):
        raise ApiError(422, "phone_number is required")
    checker = Checker(body)
    checker.phone("phone_number", required=True)
    checker.text("name", nullable=True)
    checker.text("country_code", max_length=2)
    checker.choice("number_type", NUMBER_TYPES)
    checker.integer("requirement_group_id", minimum=1)
    for field in ("upfront_cost", "monthly_cost"):
        value = body.get(field)
        if value is not None and not COST.fullmatch(str(value)):
            checker.fail(f'{field} must be a decimal amount such as "1.00"')
    values = checker.done()

    entry = AvailableNumber.objects.filter(phone_number=values["phone_number"]).first()
    if entry is None:
        raise ApiError(422, "phone_number is not available")
    group_id = values.get("requirement_group_id")
    if group_id is None and entry.country_code in REGULATED_COUNTRIES:
        raise ApiError(422, "Requirement group required for this country")
    group = None
    if group_id is not None:
        group = RequirementGroup.objects.filter(
            pk=group_id, country_code=entry.country_code
        ).first()
        if group is None:
            raise ApiError(422, "Requirement group not found")

    now = timezone.now()
    with transaction.atomic():
        taken, _ = AvailableNumber.objects.filter(pk=entry.pk).delete()
        if not taken:  # bought by a concurrent request
            raise ApiError(422, "phone_number is not available")
        number = VirtualNumber.objects.create(
            account_id=key.account_id,
            phone_number=entry.phone_number,
            name=values.get("name"),
            country_code=entry.country_code,
            number_type=entry.number_type,
            # An account-wide key buys a number without a project; a scoped key's goes to its own.
            project_id=key.project_id,
            requirement_group=group,
            upfront_cost=str(body.get("upfront_cost") or entry.upfront_cost),
            monthly_cost=str(body.get("monthly_cost") or entry.monthly_cost),
            created_at=now,
            updated_at=now,
        )
    number = VirtualNumber.objects.prefetch_related("links__operator").get(pk=number.pk)
    return created(serializers.number_short(number))


@api_view(permission="read")
def get_number(request, number_id):
    key = request.sandbox_key
    return ok(_detail(key, find_number(key, number_id)))


@api_view(permission="write")
def update_number(request, number_id):
    key = request.sandbox_key
    number = find_number(key, number_id)
    body = json_body(request)
    checker = Checker(body)
    checker.text("name")
    checker.boolean("active")
    checker.boolean("recording")
    checker.choice("routing_strategy", ROUTING_STRATEGIES)
    # IdentityCall docs gap: the docs say to assign a number to a project "by patching", but the
    # PATCH body lists no project field; we accept `project_id` (null detaches).
    checker.integer("project_id", minimum=1)
    values = checker.done()
    if "project_id" in values:
        values["project"] = _number_project(key, values.pop("project_id"))
    for field, value in values.items():
        setattr(number, field, value)
    number.updated_at = timezone.now()
    number.save()
    return ok(_detail(key, number))


def _number_project(key, project_id):
    if key.project_id:
        if project_id != key.project_id:
            raise ApiError(403, "project_id does not match the API key's project")
        return key.project
    if project_id is None:
        return None
    project = visible_projects(key).filter(pk=project_id).first()
    if project is None:
        raise NotFound()
    return project


@api_view(permission="write")
def add_operator(request, number_id):
    key = request.sandbox_key
    number = find_number(key, number_id)
    body = json_body(request)
    # Shape A, {"operator_id": 22}, wins over shape B, {"phone_number": ..., "name": ...}.
    if body.get("operator_id") is not None:
        operator_id = positive_int(body["operator_id"])
        if operator_id is None or isinstance(body["operator_id"], bool):
            raise Invalid(["operator_id must be a positive integer"])
        operator = visible_operators(key).filter(pk=operator_id).first()
        if operator is None:
            raise NotFound()
    elif body.get("phone_number") not in (None, ""):
        operator = _new_operator(key, number, body)
    else:
        raise Invalid(["operator_id or phone_number is required"])
    with transaction.atomic():
        if not NumberOperator.objects.filter(number=number, operator=operator).exists():
            # At the end of the routing list: priorities stay dense and 0-based.
            priority = NumberOperator.objects.filter(number=number).count()
            NumberOperator.objects.create(number=number, operator=operator, priority=priority)
    # IdentityCall docs gap: the response is not shown; we answer 200 with the detail form, like
    # remove_operator.
    return ok(_detail(key, number))


def _new_operator(key, number, body):
    """Create the operator of shape B, linked where the number's project can see it."""
    checker = Checker({"name": body.get("name") or "Operator", **body})
    checker.text("name", nullable=False)
    checker.phone("phone_number", required=True)
    values = checker.done()
    existing = visible_operators(key).filter(phone_number=values["phone_number"]).first()
    if existing is not None:
        return existing
    check_phone_free(key, values["phone_number"])
    now = timezone.now()
    operator = Operator.objects.create(
        account_id=key.account_id,
        name=values.get("name") or "Operator",
        phone_number=values["phone_number"],
        created_at=now,
        updated_at=now,
    )
    # IdentityCall docs gap: where a number-created operator is linked is undocumented; we link it
    # to the number's project so that project's keys can see whom their number rings.
    if number.project_id:
        OperatorProject.objects.create(operator=operator, project_id=number.project_id)
    return operator


@api_view(permission="write")
def remove_operator(request, number_id, operator_id=None):
    key = request.sandbox_key
    number = find_number(key, number_id)
    if operator_id is None:
        raw = request.GET.get("operator_id")
        if raw in (None, ""):
            raw = json_body(request).get("operator_id")
        if raw in (None, ""):
            raise Invalid(["operator_id is required"])
        operator_id = positive_int(raw)
        if operator_id is None or isinstance(raw, bool):
            raise Invalid(["operator_id must be a positive integer"])
    with transaction.atomic():
        removed, _ = NumberOperator.objects.filter(number=number, operator_id=operator_id).delete()
        if not removed:
            raise NotFound()
        renumber(number)
    return ok(_detail(key, number))


numbers = endpoint(GET=list_numbers, POST=purchase_number)
available = endpoint(GET=available_numbers)
purchase = endpoint(POST=purchase_number)
number = endpoint(GET=get_number, PATCH=update_number)
add_operator_route = endpoint(POST=add_operator)
remove_operator_route = endpoint(DELETE=remove_operator)
number_operators = endpoint(POST=add_operator)
number_operator = endpoint(DELETE=remove_operator)
