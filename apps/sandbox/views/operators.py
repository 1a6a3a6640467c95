"""Operators: list, create, get, update, delete (which needs write, not delete)."""

from django.db import transaction
from django.db.models import Count, Q
from django.db.models.functions import Lower
from django.utils import timezone

from .. import serializers
from ..auth import api_view, endpoint, visible_operators
from ..models import NumberOperator, Operator, OperatorProject
from ..paging import listed
from ..responses import Invalid, NotFound, created, ok, success
from ..validation import Checker, json_body


def find_operator(key, operator_id):
    operator = visible_operators(key).filter(pk=operator_id).first()
    if operator is None:
        raise NotFound()
    return operator


def check_operator(body, *, creating):
    """Return the validated operator fields (all rules on create, fields present on update)."""
    checker = Checker(body)
    checker.text("name", required=creating, nullable=False)
    checker.phone("phone_number", required=creating)
    if not creating and "phone_number" in body and body["phone_number"] in (None, ""):
        checker.fail("phone_number can't be blank")
    checker.email("email")
    checker.boolean("active")
    return checker.done()


def check_phone_free(key, phone_number, exclude=None):
    # IdentityCall docs gap: duplicate operator phones are undocumented; we refuse them within
    # the key's account (another account's operators are none of its business).
    clash = Operator.objects.filter(account_id=key.account_id, phone_number=phone_number)
    if exclude is not None:
        clash = clash.exclude(pk=exclude.pk)
    if clash.exists():
        raise Invalid(["phone_number has already been taken"])


@api_view(permission="read")
def list_operators(request):
    key = request.sandbox_key
    in_scope = Q(number_links__number__project_id=key.project_id) if key.project_id else Q()
    operators = (
        visible_operators(key)
        .annotate(numbers_in_scope=Count("number_links", filter=in_scope, distinct=True))
        .order_by(Lower("name"), "id")
    )
    return listed(request, operators, serializers.operator_list_item)


@api_view(permission="write")
def create_operator(request):
    key = request.sandbox_key
    values = check_operator(json_body(request), creating=True)
    check_phone_free(key, values["phone_number"])
    now = timezone.now()
    operator = Operator.objects.create(
        **values, account_id=key.account_id, created_at=now, updated_at=now
    )
    if key.project_id:
        # A project-scoped key links what it creates to its project, so it can see it.
        OperatorProject.objects.create(operator=operator, project_id=key.project_id)
    return created(serializers.operator_detail(operator, key))


@api_view(permission="read")
def get_operator(request, operator_id):
    key = request.sandbox_key
    return ok(serializers.operator_detail(find_operator(key, operator_id), key))


@api_view(permission="write")
def update_operator(request, operator_id):
    key = request.sandbox_key
    operator = find_operator(key, operator_id)
    values = check_operator(json_body(request), creating=False)
    if "phone_number" in values:
        check_phone_free(key, values["phone_number"], exclude=operator)
    for field, value in values.items():
        setattr(operator, field, value)
    operator.updated_at = timezone.now()
    operator.save()
    return ok(serializers.operator_detail(operator, key))


# IdentityCall docs conflict: deleting an operator needs *write* (not delete) and answers
# 200 {"success": true} rather than 204.
@api_view(permission="write")
def delete_operator(request, operator_id):
    operator = find_operator(request.sandbox_key, operator_id)
    with transaction.atomic():
        numbers = [link.number for link in operator.number_links.select_related("number")]
        operator.delete()  # its routing and project links go too
        for number in numbers:
            renumber(number)
    return success()


operators = endpoint(GET=list_operators, POST=create_operator)
operator = endpoint(GET=get_operator, PATCH=update_operator, DELETE=delete_operator)


def renumber(number):
    """Make the number's routing priorities dense and 0-based again, keeping their order."""
    for priority, link in enumerate(NumberOperator.objects.filter(number=number)):
        if link.priority != priority:
            NumberOperator.objects.filter(pk=link.pk).update(priority=priority)
