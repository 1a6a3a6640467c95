"""`{% load key_access %}{% key_allows "write" as can %}`: may the signed-in user's key do this?

`can.ok` is False only when the console knows the key lacks what the action needs; `can.why` is
then one line saying why ("" when ok). Actions: read, write, delete, create_project,
delete_project, buy_number (apps/accounts/key_access.py).
"""

from django import template

from apps.accounts import roles
from apps.accounts.key_access import ALLOWED, allows

register = template.Library()


@register.simple_tag(takes_context=True)
def key_allows(context, action):
    """Return the Access of `action` for the request's user (ok when there is no request)."""
    request = context.get("request")
    if request is None:
        return ALLOWED
    return allows(request, action)


@register.simple_tag(takes_context=True)
def role_at_least(context, role):
    """`{% role_at_least "admin" as is_admin %}`: is the signed-in user's team role `role` or
    above (apps/accounts/roles.py)?"""
    request = context.get("request")
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and roles.at_least(user, role))
