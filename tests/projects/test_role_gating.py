"""The projects screens offer only what the user's team role allows, and say it is the role
(not the key) that refuses: a Member edits projects but neither creates nor deletes them; a
Viewer changes nothing (README, "Roles")."""

import pytest
from django.urls import reverse

from apps.accounts import roles
from tests.factories import BASE

PROJECT = {"data": {"id": 42, "name": "Support", "language": "en", "recordings_count": 3,
                    "virtual_numbers_count": 2}}


@pytest.fixture
def project(upstream):
    upstream.get(BASE + "/projects/42", json=PROJECT)


def test_a_member_may_edit_a_project_but_is_not_offered_its_deletion(keyed, user, project):
    roles.set_role(user, "member")

    html = keyed.get(reverse("projects:detail", args=[42])).content.decode()

    assert f'href="{reverse("projects:edit", args=[42])}"' in html
    assert f'href="{reverse("projects:delete", args=[42])}"' not in html
    assert "Your role (Member) cannot delete projects." in html


def test_a_member_is_not_offered_a_new_project(keyed, user, upstream):
    roles.set_role(user, "member")
    upstream.get(BASE + "/projects", json={"data": [PROJECT["data"]]})

    html = keyed.get(reverse("projects:list")).content.decode()

    assert f'href="{reverse("projects:create")}"' not in html
    assert "Your role (Member) cannot create projects." in html


def test_a_viewer_is_told_their_role_refuses_not_that_the_key_is_read_only(keyed, user, project):
    roles.set_role(user, "viewer")

    html = keyed.get(reverse("projects:detail", args=[42])).content.decode()

    assert f'href="{reverse("projects:edit", args=[42])}"' not in html
    assert "Your role (Viewer) cannot make changes." in html
    assert "read-only" not in html


def test_an_admin_is_offered_edit_and_delete(keyed, user, project):
    roles.set_role(user, "admin")

    html = keyed.get(reverse("projects:detail", args=[42])).content.decode()

    assert f'href="{reverse("projects:edit", args=[42])}"' in html
    assert f'href="{reverse("projects:delete", args=[42])}"' in html
    assert "Your role" not in html
