"""Staff read everyone's trail in the Django admin, and nobody can add, change or delete it."""

import pytest

from apps.audit.models import AuditEvent
from apps.audit.recorder import record
from tests.factories import make_user

LIST = "/admin/audit/auditevent/"


@pytest.fixture
def staff(client, db):
    client.force_login(make_user("root", is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def events(db):
    ada, grace = make_user("ada"), make_user("grace")
    return [
        record(ada, "project.delete", resource_type="project", resource_id=7, status=204),
        record(grace, "recording.upload", resource_type="recording", resource_id="rec_9",
               status=422, error="ValidationError", detail={"filename": "call.mp3"}),
    ]


def test_the_changelist_shows_every_users_events(staff, events):
    body = staff.get(LIST).content.decode()
    assert "ada" in body and "grace" in body
    assert "project.delete" in body or "Deleted project" in body
    assert "rec_9" in body


def test_the_changelist_filters_by_action_user_and_status(staff, events):
    body = staff.get(LIST).content.decode()
    assert "By action" in body or "By Action" in body
    assert "By user" in body
    assert "By status" in body
    filtered = staff.get(LIST, {"status": "422"}).content.decode()
    assert "rec_9" in filtered and "ada" not in filtered.split('id="result_list"')[1]


def test_the_changelist_searches_usernames_and_resource_ids(staff, events):
    found = staff.get(LIST, {"q": "rec_9"}).content.decode()
    assert "1 result" in found
    assert "grace" in staff.get(LIST, {"q": "grace"}).content.decode()


def test_there_is_no_way_to_add_change_or_delete_an_event(staff, events):
    event = events[0]
    assert staff.get(f"{LIST}add/").status_code == 403
    assert staff.get(f"{LIST}{event.pk}/delete/").status_code == 403
    detail = staff.get(f"{LIST}{event.pk}/change/")
    assert detail.status_code == 200
    body = detail.content.decode()
    assert 'name="_save"' not in body
    assert 'class="deletelink"' not in body
    assert "project.delete" in body or "Deleted project" in body
    staff.post(f"{LIST}{event.pk}/change/", {"action": "project.create", "username": "x"})
    assert AuditEvent.objects.get(pk=event.pk).action == "project.delete"
    staff.post(LIST, {"action": "delete_selected", "_selected_action": [event.pk]})
    assert AuditEvent.objects.count() == 2
    assert "delete_selected" not in staff.get(LIST).content.decode()


def test_users_who_are_not_staff_cannot_open_the_admin(client, events):
    client.force_login(events[0].user)
    response = client.get(LIST)
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")
