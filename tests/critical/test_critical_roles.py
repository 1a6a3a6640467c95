"""The role check decides on every request (apps/accounts/roles.py, README "Roles"): which role a
URL and method need, whether the user's role reaches it, which pages are outside the check, and
what the refusal says. Unit-level, so `make mutants` can run them for each mutant in a second."""

import logging

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import resolve

from apps.accounts import role_rules, roles
from apps.accounts.models import Membership
from tests.factories import make_user

pytestmark = pytest.mark.django_db

V, M, A = Membership.VIEWER, Membership.MEMBER, Membership.ADMIN


def user_with(role, name=None):
    user = make_user(username=name or f"user-{role}")
    roles.set_role(user, role)
    return user


def request_for(user, path, method="GET"):
    request = RequestFactory().generic(method, path)
    request.user = user
    request.session = {}
    request.resolver_match = resolve(path)
    return request


def check(request):
    middleware = roles.RoleRequiredMiddleware(lambda r: None)
    return middleware.process_view(request, request.resolver_match.func, (), {})


def a_rule(read, write):
    return next(name for name, rule in role_rules.RULES.items() if rule == (read, write))


# --- which role a URL and method need ------------------------------------------------------------


@pytest.mark.parametrize("method", ["GET", "HEAD", "OPTIONS"])
def test_reading_needs_the_rules_read_role(method):
    assert roles.needed_role(a_rule(V, M), method) == V


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_any_other_method_needs_the_rules_write_role(method):
    assert roles.needed_role(a_rule(V, M), method) == M
    assert roles.needed_role(a_rule(V, A), method) == A


def test_a_url_without_a_rule_needs_a_role_no_one_has():
    assert roles.needed_role("nowhere:page", "GET") is None
    assert roles.needed_role("nowhere:page", "POST") is None


# --- whether the role reaches it -----------------------------------------------------------------


@pytest.mark.parametrize(("role", "needed", "reaches"), [
    (V, V, True), (V, M, False), (V, A, False),
    (M, V, True), (M, M, True), (M, A, False),
    (A, V, True), (A, M, True), (A, A, True),
])
def test_a_role_reaches_its_own_level_and_those_below(role, needed, reaches):
    assert roles.at_least(user_with(role), needed) is reaches


def test_an_allowed_action_has_no_refusal_and_a_refused_one_says_what():
    member = user_with(M)
    assert roles.action_refusal(member, "write") == ""
    assert roles.action_refusal(member, "read") == ""
    assert roles.action_refusal(member, "delete_project") == "Your role (Member) cannot delete projects."
    assert roles.action_refusal(user_with(A, "boss"), "buy_number") == ""


# --- what is outside the check -------------------------------------------------------------------


class Match:
    def __init__(self, view_name, namespaces=()):
        self.view_name, self.namespaces = view_name, list(namespaces)


@pytest.mark.parametrize(("view_name", "namespaces"), [
    ("accounts:login", ["accounts"]),
    ("dashboard:healthz", ["dashboard"]),
    ("admin:index", ["admin"]),
    ("sandbox:recordings", ["sandbox"]),
    ("outer:sandbox:thing", ["outer", "sandbox"]),
])
def test_sign_in_the_probe_the_admin_and_the_emulator_are_outside_the_check(view_name, namespaces):
    assert roles.is_unchecked(Match(view_name, namespaces)) is True


@pytest.mark.parametrize(("view_name", "namespaces"), [
    ("recordings:list", ["recordings"]),
    ("accounts:api_key", ["accounts"]),
    ("team:members", ["team"]),
    ("home", []),
])
def test_every_other_page_is_checked(view_name, namespaces):
    assert roles.is_unchecked(Match(view_name, namespaces)) is False


def test_a_signed_in_viewer_reaches_sign_in_and_the_django_admin_without_a_role_rule():
    viewer = user_with(V)
    for path in ("/accounts/login/", "/admin/"):
        assert check(request_for(viewer, path, "POST")) is None


# --- the middleware's decision -------------------------------------------------------------------


def test_a_role_below_the_rule_is_refused_with_the_needed_role():
    viewer = user_with(V)
    request = request_for(viewer, "/recordings/upload/file/", "POST")

    response = check(request)

    assert response.status_code == 403
    assert response["X-Console-Refused"] == "role"
    assert "Your role (Viewer) cannot do this: it needs Member." in response.content.decode()
    assert not hasattr(request, "console_role")


def test_a_role_that_reaches_the_rule_passes_and_is_kept_for_the_audit_trail():
    for role in (M, A):
        request = request_for(user_with(role), "/recordings/upload/file/", "POST")
        assert check(request) is None
        assert request.console_role == role
    reader = request_for(user_with(V), "/recordings/", "GET")
    assert check(reader) is None
    assert reader.console_role == V


def test_a_url_without_a_rule_is_refused_and_logged(monkeypatch, caplog):
    monkeypatch.delitem(role_rules.RULES, "recordings:list")
    request = request_for(user_with(A), "/recordings/", "GET")

    with caplog.at_level(logging.ERROR, logger="apps.accounts.roles"):
        response = check(request)

    assert response.status_code == 403
    assert "This page has no role rule yet, so the console refuses it." in response.content.decode()
    assert [(r.name, r.levelno, r.getMessage()) for r in caplog.records] == [
        ("apps.accounts.roles", logging.ERROR, "No role rule for GET recordings:list: refused")
    ]


def test_a_signed_out_visitor_is_left_to_the_sign_in_check():
    request = request_for(AnonymousUser(), "/recordings/upload/file/", "POST")
    assert check(request) is None


def test_a_request_no_url_matched_is_left_alone():
    request = RequestFactory().get("/nowhere/")
    request.user = user_with(V)
    request.resolver_match = None
    middleware = roles.RoleRequiredMiddleware(lambda r: "answered")
    assert middleware.process_view(request, None, (), {}) is None
    assert middleware(request) == "answered"
