"""A Viewer on the operators screens is told their role refuses changes, not that their key is
read-only (README, "Roles")."""

from django.urls import reverse

from apps.accounts import roles
from tests.factories import BASE


def test_a_viewer_is_told_the_role_refuses_on_the_operators_list(keyed, user, upstream):
    roles.set_role(user, "viewer")
    upstream.get(BASE + "/operators", json={"data": []})

    html = keyed.get(reverse("operators:list")).content.decode()

    assert "Your role (Viewer) cannot make changes." in html
    assert "read-only" not in html
    assert f'href="{reverse("operators:create")}"' not in html
