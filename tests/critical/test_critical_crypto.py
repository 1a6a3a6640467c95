"""Stored API keys: a token that is not ASCII, a malformed or missing encryption key, each fail
with the error the console handles, never a bare one (apps/accounts/crypto.py)."""

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.exceptions import ImproperlyConfigured

from apps.accounts import crypto

KEY_A = Fernet.generate_key().decode()
KEY_B = Fernet.generate_key().decode()
SECRET = "idc_Ünïcödé-and-ascii-1234"


@pytest.fixture(autouse=True)
def keys(settings):
    settings.FIELD_ENCRYPTION_KEYS = [KEY_A]


@pytest.mark.parametrize("token", ["gAAAAAB€", "ключ", "gAAAAA\u00a0=="])
def test_a_non_ascii_token_is_an_invalid_token_for_decrypt_and_rotate(token):
    with pytest.raises(InvalidToken):
        crypto.decrypt(token)
    with pytest.raises(InvalidToken):
        crypto.rotate(token)


def test_non_ascii_text_round_trips_as_an_ascii_token():
    token = crypto.encrypt(SECRET)

    assert token.isascii() and SECRET not in token
    assert crypto.decrypt(token) == SECRET


def test_rotate_re_encrypts_with_the_first_key_only(settings):
    old = crypto.encrypt(SECRET)
    settings.FIELD_ENCRYPTION_KEYS = [KEY_B, KEY_A]

    rotated = crypto.rotate(old)

    assert rotated != old and rotated.isascii()
    settings.FIELD_ENCRYPTION_KEYS = [KEY_B]
    assert crypto.decrypt(rotated) == SECRET
    with pytest.raises(InvalidToken):
        crypto.decrypt(old)


@pytest.mark.parametrize("bad", ["not-a-key", "", KEY_A[:-4], "x" * 44])
def test_a_malformed_key_is_a_configuration_error_that_says_so(settings, bad):
    settings.FIELD_ENCRYPTION_KEYS = [KEY_A, bad]

    with pytest.raises(ImproperlyConfigured) as caught:
        crypto.encrypt(SECRET)

    assert str(caught.value) == \
        "An entry of FIELD_ENCRYPTION_KEYS is not a Fernet key (see README.md)."
    assert caught.value.__cause__ is None and caught.value.__suppress_context__
    assert bad not in str(caught.value) or not bad


def test_no_key_at_all_is_a_configuration_error_naming_the_setting(settings):
    settings.FIELD_ENCRYPTION_KEYS = []

    with pytest.raises(ImproperlyConfigured) as caught:
        crypto.decrypt("anything")

    assert str(caught.value) == "FIELD_ENCRYPTION_KEYS is empty; set it (see README.md)."


def test_a_changed_setting_is_used_at_once(settings):
    token = crypto.encrypt(SECRET)
    settings.FIELD_ENCRYPTION_KEYS = [KEY_B]

    with pytest.raises(InvalidToken):
        crypto.decrypt(token)
    assert crypto.decrypt(crypto.encrypt(SECRET)) == SECRET
