"""Stored API keys are MultiFernet tokens under FIELD_ENCRYPTION_KEYS, never plaintext."""

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.db import connection

from apps.accounts import crypto
from apps.accounts.models import ApiKey, KeyDecryptionError
from tests.factories import KEY, give_key, make_user

KEY_A = Fernet.generate_key().decode()
KEY_B = Fernet.generate_key().decode()


def test_encrypt_then_decrypt_returns_the_original_text(settings):
    settings.FIELD_ENCRYPTION_KEYS = [KEY_A]
    token = crypto.encrypt(KEY)
    assert KEY not in token
    assert crypto.decrypt(token) == KEY


def test_every_encryption_gives_a_different_token(settings):
    settings.FIELD_ENCRYPTION_KEYS = [KEY_A]
    assert crypto.encrypt(KEY) != crypto.encrypt(KEY)


def test_the_first_key_encrypts_and_every_key_decrypts(settings):
    settings.FIELD_ENCRYPTION_KEYS = [KEY_A]
    old_token = crypto.encrypt(KEY)
    settings.FIELD_ENCRYPTION_KEYS = [KEY_B, KEY_A]
    new_token = crypto.encrypt(KEY)
    assert crypto.decrypt(old_token) == crypto.decrypt(new_token) == KEY
    settings.FIELD_ENCRYPTION_KEYS = [KEY_B]
    assert crypto.decrypt(new_token) == KEY
    with pytest.raises(InvalidToken):
        crypto.decrypt(old_token)


@pytest.mark.django_db
def test_rotate_api_keys_moves_every_stored_key_to_the_first_encryption_key(settings, capsys):
    settings.FIELD_ENCRYPTION_KEYS = [KEY_A]
    give_key(make_user("ada"))
    give_key(make_user("grace"), key="idc_" + "g" * 32)
    settings.FIELD_ENCRYPTION_KEYS = [KEY_B, KEY_A]

    call_command("rotate_api_keys")

    assert "Re-encrypted 2 API keys" in capsys.readouterr().out
    settings.FIELD_ENCRYPTION_KEYS = [KEY_B]  # A is gone: only B must be needed now
    assert ApiKey.objects.get(user__username="ada").reveal() == KEY
    assert ApiKey.objects.get(user__username="grace").reveal() == "idc_" + "g" * 32


@pytest.mark.django_db
def test_rotate_api_keys_changes_nothing_when_one_key_cannot_be_decrypted(settings):
    settings.FIELD_ENCRYPTION_KEYS = [KEY_A]
    readable = give_key(make_user("ada"))
    settings.FIELD_ENCRYPTION_KEYS = [KEY_B]
    give_key(make_user("grace"))  # encrypted with B, which the next setting no longer holds
    before = readable.ciphertext
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), KEY_A]

    with pytest.raises(CommandError, match="cannot be decrypted"):
        call_command("rotate_api_keys")

    readable.refresh_from_db()
    assert readable.ciphertext == before


@pytest.mark.django_db
def test_a_wrong_encryption_key_raises_instead_of_falling_back_to_stored_text(settings):
    settings.FIELD_ENCRYPTION_KEYS = [KEY_A]
    stored = give_key(make_user())
    settings.FIELD_ENCRYPTION_KEYS = [KEY_B]

    with pytest.raises(KeyDecryptionError) as caught:
        ApiKey.objects.get(pk=stored.pk).reveal()

    assert isinstance(caught.value, InvalidToken)
    assert KEY not in str(caught.value)


@pytest.mark.django_db
def test_text_that_is_not_a_token_raises_too(settings):
    settings.FIELD_ENCRYPTION_KEYS = [KEY_A]
    stored = give_key(make_user())
    ApiKey.objects.filter(pk=stored.pk).update(ciphertext=KEY)  # as if someone stored plaintext
    with pytest.raises(KeyDecryptionError):
        ApiKey.objects.get(pk=stored.pk).reveal()


@pytest.mark.django_db
def test_the_database_never_holds_the_plaintext_key():
    give_key(make_user())
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM accounts_apikey")
        rows = cursor.fetchall()
    assert len(rows) == 1
    assert all(KEY not in str(value) for value in rows[0])
    assert any(str(value) == "abcd" for value in rows[0])  # only the last four, for display


@pytest.mark.django_db
def test_changing_secret_key_still_decrypts_stored_keys(settings):
    stored = give_key(make_user())
    settings.SECRET_KEY = "an-entirely-different-secret-key-" + "x" * 40
    assert ApiKey.objects.get(pk=stored.pk).reveal() == KEY


def test_missing_encryption_keys_fail_with_a_clear_message(settings):
    settings.FIELD_ENCRYPTION_KEYS = []
    with pytest.raises(ImproperlyConfigured, match="FIELD_ENCRYPTION_KEYS"):
        crypto.encrypt(KEY)
