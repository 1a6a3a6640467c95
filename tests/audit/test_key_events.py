"""Saving, replacing, removing and re-encrypting an API key each leave an event, never the key."""

import io
import json

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command

from apps.accounts.models import ApiKey
from apps.audit.models import AuditEvent
from tests.accounts.probes import answer_probes
from tests.factories import BASE, KEY, OTHER_KEY, give_key, make_user, projects_body

PAGE = "/settings/api-key/"


def trail_text():
    return json.dumps(list(AuditEvent.objects.values()), default=str, ensure_ascii=False)


def assert_no_key_in_the_trail(*keys):
    text = trail_text()
    for key in keys:
        assert key not in text
        assert key[4:-4] not in text


def test_saving_a_first_key_records_api_key_save_with_the_masked_key(client, user, upstream):
    client.force_login(user)
    upstream.get(f"{BASE}/projects", json=projects_body(3))
    answer_probes(upstream)  # what the key may do (apps/accounts/key_probe.py)

    client.post(PAGE, {"api_key": KEY}, REMOTE_ADDR="192.0.2.10")

    event = AuditEvent.objects.get()
    assert event.action == "api_key.save"
    assert (event.resource_type, event.resource_id) == ("api_key", "idc_…abcd")
    assert (event.status, event.error, event.outcome) == (200, "", "succeeded")
    assert event.detail == {"projects_seen": 3}
    assert event.ip_address == "192.0.2.10"
    assert_no_key_in_the_trail(KEY)


def test_replacing_a_key_records_api_key_replace_naming_both_masked_keys(keyed, upstream):
    upstream.get(f"{BASE}/projects", json=projects_body(5))
    answer_probes(upstream)

    keyed.post(PAGE, {"api_key": OTHER_KEY})

    event = AuditEvent.objects.get()
    assert event.action == "api_key.replace"
    assert event.resource_id == "idc_…wxyz"
    assert event.detail == {"previous": "idc_…abcd", "projects_seen": 5}
    assert_no_key_in_the_trail(KEY, OTHER_KEY)


def test_a_key_identitycall_refuses_is_recorded_as_a_failed_replace(keyed, upstream):
    upstream.get(f"{BASE}/projects", status=401, json={"error": "Invalid or expired API key"})

    keyed.post(PAGE, {"api_key": OTHER_KEY})

    event = AuditEvent.objects.get()
    assert (event.action, event.status, event.error) == (
        "api_key.replace", 401, "AuthenticationError"
    )
    assert event.outcome == "failed"
    assert_no_key_in_the_trail(KEY, OTHER_KEY)


def test_a_malformed_key_is_not_sent_and_not_recorded(keyed, upstream):
    keyed.post(PAGE, {"api_key": "idc_short"})
    assert not AuditEvent.objects.exists()


def test_removing_the_key_records_api_key_remove(keyed, user):
    keyed.post("/settings/api-key/remove/")

    event = AuditEvent.objects.get()
    assert (event.action, event.resource_id, event.status) == ("api_key.remove", "idc_…abcd", None)
    assert event.outcome == "succeeded"
    assert event.user == user


def test_the_confirmation_page_of_remove_records_nothing(keyed):
    keyed.get("/settings/api-key/remove/")
    assert not AuditEvent.objects.exists()


def test_rotating_encryption_keys_records_one_event_per_key_in_its_owners_trail(db, settings):
    ada, grace = make_user("ada"), make_user("grace")
    give_key(ada, KEY)
    give_key(grace, OTHER_KEY)
    new_key = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new_key, *settings.FIELD_ENCRYPTION_KEYS]

    call_command("rotate_api_keys", stdout=io.StringIO())

    events = AuditEvent.objects.order_by("username")
    assert [(e.username, e.action, e.resource_id) for e in events] == [
        ("ada", "api_key.rotate", "idc_…abcd"),
        ("grace", "api_key.rotate", "idc_…wxyz"),
    ]
    assert all(event.detail == {"by": "rotate_api_keys"} for event in events)
    assert ApiKey.objects.get(user=ada).reveal() == KEY
    assert_no_key_in_the_trail(KEY, OTHER_KEY)


def test_a_failed_rotation_records_nothing(db, settings):
    give_key(make_user("ada"), KEY)
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]  # opens none of the keys

    with pytest.raises(Exception, match="cannot be decrypted"):
        call_command("rotate_api_keys")

    assert not AuditEvent.objects.exists()
