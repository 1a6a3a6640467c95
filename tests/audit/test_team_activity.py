"""Admins see everyone's activity (filter by member, action, date range; CSV); members their own."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone

from apps.accounts import roles
from apps.accounts.models import Membership
from apps.audit.models import AuditEvent
from apps.audit.recorder import record
from tests.factories import give_key, make_user


ROLE_ROW = 'data-label="Action">Changed a member'


@pytest.fixture
def team(db):
    boss, kim = make_user("boss"), make_user("kim")
    roles.set_role(boss, Membership.ADMIN)
    roles.set_role(kim, Membership.MEMBER)
    for user in (boss, kim):
        give_key(user)
    record(kim, "recording.delete", resource_type="recording", resource_id="r-kim", status=204)
    record(boss, "team.role", resource_type="team", resource_id="kim")
    old = record(kim, "recording.rename", resource_type="recording", resource_id="r-old",
                 status=200)
    AuditEvent.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=10))
    return boss, kim


def _csv(response):
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode()
                                           if response.streaming else response.content.decode())))


def test_an_admin_sees_everyones_activity_with_the_member_named(client, team):
    boss, kim = team
    client.force_login(boss)
    page = client.get("/settings/activity/").content.decode()
    assert "r-kim" in page and ROLE_ROW in page and 'data-label="Member">kim' in page


def test_a_member_sees_only_their_own(client, team):
    boss, kim = team
    client.force_login(kim)
    page = client.get(f"/settings/activity/?member={boss.pk}").content.decode()
    assert "r-kim" in page and ROLE_ROW not in page


def test_an_admin_filters_by_member_action_and_dates(client, team):
    boss, kim = team
    client.force_login(boss)
    page = client.get(f"/settings/activity/?member={kim.pk}").content.decode()
    assert "r-kim" in page and ROLE_ROW not in page
    page = client.get("/settings/activity/?action=team.role").content.decode()
    assert "r-kim" not in page and ROLE_ROW in page
    since = (timezone.now() - timedelta(days=2)).date().isoformat()
    page = client.get(f"/settings/activity/?since={since}").content.decode()
    assert "r-kim" in page and "r-old" not in page
    until = (timezone.now() - timedelta(days=5)).date().isoformat()
    page = client.get(f"/settings/activity/?until={until}").content.decode()
    assert "r-old" in page and "r-kim" not in page


def test_the_csv_holds_what_the_filters_show(client, team):
    boss, kim = team
    client.force_login(boss)
    rows = _csv(client.get(f"/settings/activity/export.csv?member={kim.pk}"))
    assert {row["resource_id"] for row in rows} == {"r-kim", "r-old"}
    assert {row["member"] for row in rows} == {"kim"}


def test_a_members_csv_is_their_own_and_cells_never_run_as_formulas(client, team):
    boss, kim = team
    record(kim, "recording.rename", resource_type="recording", resource_id="=HYPERLINK(1)")
    client.force_login(kim)
    rows = _csv(client.get(f"/settings/activity/export.csv?member={boss.pk}"))
    assert "team.role" not in {row["action"] for row in rows}
    assert "'=HYPERLINK(1)" in {row["resource_id"] for row in rows}
