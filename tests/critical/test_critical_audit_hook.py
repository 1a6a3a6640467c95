"""The audit trail keeps short, key-free details, the right address and a user only when there is
one (apps/audit/recorder.py, the hook every client write reports to)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from apps.audit import recorder
from apps.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_plain_values_are_kept_as_they_are():
    kept = recorder.clean_detail({"none": None, "yes": True, "count": 3, "size": 2.5,
                                  "name": "Sales"})

    assert kept == {"none": None, "yes": True, "count": 3, "size": 2.5, "name": "Sales"}


def test_a_set_is_listed_in_a_stable_order_whatever_it_holds():
    assert recorder.clean_detail({"ids": {9, 10}}) == {"ids": [10, 9]}  # ordered as text
    assert recorder.clean_detail({"mixed": frozenset({2, "a"})}) == {"mixed": [2, "a"]}


def test_lists_keep_their_order_and_at_most_twenty_items():
    assert recorder.clean_detail({"fields": ("name", "language")}) == {
        "fields": ["name", "language"]}
    assert recorder.clean_detail({"many": list(range(25))})["many"] == list(range(20))


def test_anything_shaped_like_a_key_is_hidden():
    cleaned = recorder.clean_detail({"note": "key idc_Zq7LmW2xR9tB4nK8 used"})

    assert cleaned == {"note": "key [hidden] used"}


def test_text_is_kept_up_to_the_limit_and_cut_with_an_ellipsis_beyond():
    exact, longer = "x" * recorder.MAX_TEXT, "y" * (recorder.MAX_TEXT + 1)

    cleaned = recorder.clean_detail({"exact": exact, "longer": longer})

    assert cleaned["exact"] == exact
    assert cleaned["longer"] == "y" * (recorder.MAX_TEXT - 1) + "…"
    assert len(cleaned["longer"]) == recorder.MAX_TEXT


def test_the_address_comes_from_the_request_when_one_is_given(user):
    request = RequestFactory().post("/projects/new/", REMOTE_ADDR="192.0.2.5")

    event = recorder.record(user, "project.create", resource_type="project", request=request)

    assert AuditEvent.objects.get(pk=event.pk).ip_address == "192.0.2.5"


def test_an_explicit_address_wins_over_the_request(user):
    request = RequestFactory().post("/projects/new/", REMOTE_ADDR="192.0.2.5")

    event = recorder.record(user, "project.create", resource_type="project", request=request,
                            address="198.51.100.9")

    assert event.ip_address == "198.51.100.9"


@pytest.mark.parametrize("who", [None, AnonymousUser()])
def test_a_write_without_a_signed_in_user_is_recorded_without_one(who):
    event = recorder.record(who, "project.create", resource_type="project", resource_id=7)

    stored = AuditEvent.objects.get(pk=event.pk)
    assert (stored.user_id, stored.username, stored.resource_id) == (None, "", "7")


def test_a_signed_in_user_is_recorded_by_account_and_name(user):
    event = recorder.record(user, "project.create", resource_type="project")

    assert (event.user_id, event.username) == (user.pk, user.get_username())


def test_names_are_cut_at_forty_characters_and_ids_at_a_hundred(user):
    name = "n" * 45
    event = recorder.record(user, "project.update", resource_type="project",
                            resource_id="r" * 150, detail={name: 1})

    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.detail == {"n" * 40: 1}
    assert stored.resource_id == "r" * 100


def test_a_trail_that_cannot_be_written_is_logged_and_the_write_goes_on(user, caplog):
    from unittest import mock

    from django.db import DatabaseError

    with mock.patch.object(AuditEvent, "save", side_effect=DatabaseError("disk full")):
        assert recorder.record(user, "project.create", resource_type="project") is None

    (logged,) = [r for r in caplog.records if r.name == "apps.audit.recorder"]
    assert logged.getMessage() == \
        f"Audit event project.create for user {user.pk} could not be saved"
    assert logged.exc_info is not None


def test_a_write_the_trail_does_not_know_is_named_in_at_most_forty_characters(user):
    from apps.identitycall.writes import WriteEvent

    recorder.recorder_for(user)(WriteEvent("POST", "o" * 40, "resource", 1, status=200))

    stored = AuditEvent.objects.get()
    assert stored.action == ("resource." + "o" * 40)[:40] and len(stored.action) == 40
    assert stored.resource_type == "resource"
