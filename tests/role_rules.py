"""Role rules for test-only URLconfs: every view needs one (apps/accounts/roles.py refuses a view
without), so a test URLconf names the rule of each view it adds."""

from django.urls import URLPattern, URLResolver

from apps.accounts.role_rules import RULES


def _view_name(entry: URLPattern, namespace: str) -> str:
    if entry.name:
        return f"{namespace}{entry.name}"
    callback = entry.callback
    return f"{namespace}{callback.__module__}.{callback.__qualname__}"


def allow(patterns, role="member", namespace=""):
    """Give every view in `patterns` (test views) the rule (role, role)."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            allow(entry.url_patterns, role, inner)
        else:
            RULES.setdefault(_view_name(entry, namespace), (role, role))
