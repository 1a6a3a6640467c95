"""Team roles (Viewer, Member, Admin), enforced on the server for every console URL.

The role lives in the console's database (Membership, one per user). RoleRequiredMiddleware
checks every resolved view against the rule table (apps/accounts/role_rules.py) before it runs:
a URL without a rule is refused (fail closed). Templates see the role through
`apps.accounts.key_access.allows`, which answers the narrower of the role and the key.
"""

import logging

from django.conf import settings
from django.http import HttpResponseForbidden
from django.template.loader import render_to_string

from apps.accounts.models import Membership
from apps.frame.middleware import alert_response
from apps.accounts.role_rules import RULES, UNCHECKED_NAMES, UNCHECKED_NAMESPACES

logger = logging.getLogger(__name__)

RANK = {Membership.VIEWER: 1, Membership.MEMBER: 2, Membership.ADMIN: 3}
LABEL = dict(Membership.ROLES)
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")

# The role each key action (apps/accounts/key_access.py ACTIONS) needs, and what it is called.
ACTION_ROLES = {
    "read": (Membership.VIEWER, "read"),
    "write": (Membership.MEMBER, "make changes"),
    "delete": (Membership.MEMBER, "delete"),
    "create_project": (Membership.ADMIN, "create projects"),
    "delete_project": (Membership.ADMIN, "delete projects"),
    "buy_number": (Membership.ADMIN, "buy numbers"),
}


def default_role(user) -> str:
    """Return the role of a user without a Membership: Admin for a superuser, else the setting."""
    if user.is_superuser:
        return Membership.ADMIN
    return getattr(settings, "CONSOLE_DEFAULT_ROLE", Membership.MEMBER)


def role_of(user) -> str:
    """Return the signed-in user's role ("viewer", "member", "admin")."""
    cached = getattr(user, "_console_role", None)
    if cached:
        return cached
    try:
        role = user.membership.role
    except Membership.DoesNotExist:
        role = Membership.objects.get_or_create(user=user, defaults={"role": default_role(user)})[
            0
        ].role
    user._console_role = role
    return role


def set_role(user, role: str) -> None:
    """Give user `role` (one of Membership.ROLES)."""
    if role not in RANK:
        raise ValueError(f"Unknown role {role!r}")
    Membership.objects.update_or_create(user=user, defaults={"role": role})
    user._console_role = role


def at_least(user, role: str) -> bool:
    """Return True when user's role is `role` or above."""
    return RANK[role_of(user)] >= RANK[role]


def refusal_why(user, what: str) -> str:
    """Return the one line saying the user's role cannot do `what`."""
    return f"Your role ({LABEL[role_of(user)]}) cannot {what}."


def action_refusal(user, action: str) -> str:
    """Return why user's role refuses a key action ("" when the role allows it)."""
    needed, what = ACTION_ROLES[action]
    return "" if at_least(user, needed) else refusal_why(user, what)


def needed_role(view_name: str, method: str) -> str | None:
    """Return the role the rule table asks for (None: no rule, so refused)."""
    rule = RULES.get(view_name)
    if rule is None:
        return None
    return rule[0] if method in SAFE_METHODS else rule[1]


def is_unchecked(match) -> bool:
    """Return True for a view outside the role check (sign-in, probe, admin, emulator)."""
    return match.view_name in UNCHECKED_NAMES or bool(
        set(match.namespaces) & set(UNCHECKED_NAMESPACES)
    )


def refused(request, needed: str | None):
    """Return the 403 page (an alert for htmx) saying which role the request needed."""
    role = LABEL[role_of(request.user)]
    if needed is None:
        why = "This page has no role rule yet, so the console refuses it."
    else:
        why = f"Your role ({role}) cannot do this: it needs {LABEL[needed]}."
    if getattr(request, "htmx", False):
        response = alert_response(request, why, status=403)
    else:
        context = {"role": role, "why": why, "request": request}
        body = render_to_string("accounts/role_refused.html", context, request=request)
        response = HttpResponseForbidden(body)
    response["X-Console-Refused"] = "role"
    return response


class RoleRequiredMiddleware:
    """Refuse a signed-in user's request their role does not reach (goes after auth middleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or is_unchecked(match) or not request.user.is_authenticated:
            return None  # LoginRequiredMiddleware has already sent anonymous users to sign in
        needed = needed_role(match.view_name, request.method)
        if needed is None:
            logger.error("No role rule for %s %s: refused", request.method, match.view_name)
            return refused(request, None)
        if not at_least(request.user, needed):
            return refused(request, needed)
        request.console_role = role_of(request.user)  # for apps/audit/filters.py (below us)
        return None
