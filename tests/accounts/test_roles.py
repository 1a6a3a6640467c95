"""Team roles: who gets which, and how the role narrows what the console offers and accepts."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import RequestFactory, override_settings

from apps.accounts import key_access, roles
from apps.accounts.models import Membership
from tests.factories import give_key, make_user


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    request.session = {}
    return request


def test_createsuperuser_makes_an_admin(db, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a long passphrase 42")
    call_command("createsuperuser", "--noinput", "--username=root", "--email=root@example.com")
    assert roles.role_of(get_user_model().objects.get(username="root")) == Membership.ADMIN


@override_settings(CONSOLE_DEFAULT_ROLE="member")
def test_a_user_made_elsewhere_gets_the_default_role(db):
    assert roles.role_of(make_user()) == Membership.MEMBER


def test_the_data_migration_gives_superusers_admin_and_everyone_else_member(db):
    plain = make_user("plain")
    boss = make_user("boss", is_superuser=True)
    Membership.objects.all().delete()
    migration = importlib.import_module("apps.accounts.migrations.0004_membership")
    migration.give_roles(django_apps, None)
    assert Membership.objects.get(user=plain).role == Membership.MEMBER
    assert Membership.objects.get(user=boss).role == Membership.ADMIN


def test_the_demo_user_of_make_run_is_an_admin(db):
    from apps.sandbox.management.commands import bootstrap_demo

    user, _ = get_user_model().objects.get_or_create(
        username=bootstrap_demo.USERNAME, defaults={"is_staff": True, "is_superuser": True}
    )
    with override_settings(CONSOLE_DEFAULT_ROLE="viewer"):
        assert roles.role_of(user) == Membership.ADMIN


@pytest.mark.parametrize(
    ("role", "action", "why"),
    [
        ("viewer", "write", "Your role (Viewer) cannot make changes."),
        ("viewer", "delete", "Your role (Viewer) cannot delete."),
        ("member", "buy_number", "Your role (Member) cannot buy numbers."),
        ("member", "create_project", "Your role (Member) cannot create projects."),
        ("member", "delete_project", "Your role (Member) cannot delete projects."),
    ],
)
def test_the_role_narrows_what_the_key_allows_with_its_own_reason(db, role, action, why):
    user = make_user()
    roles.set_role(user, role)
    give_key(user)
    answer = key_access.allows(_request(user), action)
    assert (answer.ok, answer.why) == (False, why)


def test_an_admin_gets_what_the_key_allows(db):
    user = make_user()
    roles.set_role(user, Membership.ADMIN)
    give_key(user)
    for action in key_access.ACTIONS:
        assert key_access.allows(_request(user), action).ok


def test_a_member_may_write_and_read(db):
    user = make_user()
    roles.set_role(user, Membership.MEMBER)
    assert key_access.allows(_request(user), "write").ok
    assert key_access.allows(_request(user), "read").ok


def test_pages_gating_on_key_hints_see_a_viewer_as_read_only(db):
    user = make_user()
    roles.set_role(user, Membership.VIEWER)
    give_key(user)
    known = key_access.known_with_role(_request(user))
    assert (known.write, known.delete) == (False, False)


def test_an_unknown_role_is_refused(db):
    with pytest.raises(ValueError, match="Unknown role"):
        roles.set_role(make_user(), "owner")


def test_a_viewers_forced_post_is_refused_with_the_role_page(client, db):
    user = make_user()
    roles.set_role(user, Membership.VIEWER)
    give_key(user)
    client.force_login(user)
    response = client.post("/recordings/upload/file/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "Your role (Viewer) cannot do this: it needs Member." in page


def test_an_htmx_refusal_is_an_alert_for_the_page(client, db):
    user = make_user()
    roles.set_role(user, Membership.VIEWER)
    give_key(user)
    client.force_login(user)
    response = client.post("/operators/22/delete/", headers={"HX-Request": "true"})
    assert response.status_code == 403
    assert response["HX-Retarget"] == "#alerts"
    assert "Your role (Viewer) cannot do this" in response.content.decode()


@pytest.mark.parametrize(("role", "offered"), [("viewer", False), ("member", True)])
def test_pages_gating_on_key_hints_offer_writes_by_role(client, db, upstream, role, offered):
    from tests.security.fake_world import plant

    plant(upstream, "Plain text")
    user = make_user()
    roles.set_role(user, role)
    give_key(user)
    client.force_login(user)
    page = client.get("/operators/").content.decode()
    assert ('href="/operators/new/"' in page) is offered
    assert ("write-refusal" in page) is not offered
