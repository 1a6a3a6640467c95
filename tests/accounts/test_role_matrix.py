"""Every console URL × every role × GET and POST, against the rule table (README, "Roles").

A URL without a rule fails here (and the middleware refuses it: fail closed); a refused request
answers 403 with the role page, never a 500 or a redirect; an allowed one passes the role check.
"""

import pytest
from django.urls import get_resolver, reverse

from apps.accounts import role_rules, roles
from apps.accounts.models import ApiKey, Membership
from tests.factories import give_key, make_user
from tests.security.fake_world import SAMPLES, _walk, plant

ROLES = (Membership.VIEWER, Membership.MEMBER, Membership.ADMIN)


def _checked_urls():
    """Return [(name, path)] of every URL the role check covers, failing on one without a rule."""
    found = []
    for route, name, _entry in _walk(get_resolver().url_patterns):
        namespace = name.split(":")[0]
        if name in role_rules.UNCHECKED_NAMES or namespace in role_rules.UNCHECKED_NAMESPACES:
            continue
        assert name in role_rules.RULES, f"add a role rule for {name} (apps/accounts/role_rules.py)"
        assert name in SAMPLES, f"add a sample for {name} (tests/security/fake_world.py)"
        found.append((name, reverse(name, kwargs=SAMPLES[name])))
    return found


def _sign_in(client, user):
    if not ApiKey.objects.filter(user=user).exists():
        give_key(user)  # a POST to the key's remove page took it away
    client.force_login(user)  # and the logout POST signed the user out


@pytest.mark.parametrize("role", ROLES)
def test_every_url_answers_each_role_as_the_rule_table_says(client, db, upstream, role):
    plant(upstream, "Plain text")
    user = make_user(username=f"matrix-{role}")
    roles.set_role(user, role)
    wrong = []
    for name, path in _checked_urls():
        for method in ("get", "post"):
            _sign_in(client, user)
            response = getattr(client, method)(path)
            needed = roles.needed_role(name, method.upper())
            refused = response.get("X-Console-Refused") == "role"
            if roles.RANK[role] < roles.RANK[needed]:
                page = response.content.decode()
                if response.status_code != 403 or not refused or "Not allowed for your role" not in page:
                    wrong.append(f"{method} {name}: {response.status_code}, expected the role's 403")
            elif refused or response.status_code == 500:  # 502: the fake API refuses writes
                wrong.append(f"{method} {name}: {response.status_code}, expected past the role check")
    assert wrong == []


def test_the_sweep_covers_every_section_and_all_three_roles_differ(db):
    names = {name for name, _path in _checked_urls()}
    for expected in ("recordings:upload", "projects:create", "virtual_numbers:purchase_confirm",
                     "operators:delete", "audit:activity", "insights:search"):
        assert expected in names
    needs = {roles.needed_role(name, "POST") for name in names}
    assert needs == set(ROLES)


def test_a_url_without_a_rule_fails_the_sweep(monkeypatch, db):
    monkeypatch.delitem(role_rules.RULES, "projects:edit")
    with pytest.raises(AssertionError, match="add a role rule for projects:edit"):
        _checked_urls()


def test_a_url_without_a_rule_is_refused_to_everyone(monkeypatch, client, db):
    admin = make_user(username="boss")
    roles.set_role(admin, Membership.ADMIN)
    give_key(admin)
    client.force_login(admin)
    monkeypatch.delitem(role_rules.RULES, "recordings:kept_audio")
    response = client.get(reverse("recordings:kept_audio"))
    assert response.status_code == 403
    assert "has no role rule yet" in response.content.decode()
