"""Symmetric encryption for secrets the console must replay (users' IdentityCall API keys).

MultiFernet over settings.FIELD_ENCRYPTION_KEYS: the first key encrypts, every key decrypts, so a
new key is put first, `manage.py rotate_api_keys` re-encrypts, and the old key is then dropped.
The keys come from the environment and are never derived from SECRET_KEY, so rotating one never
locks out the other.
"""

from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@lru_cache(maxsize=4)
def _build(keys: tuple[str, ...]) -> MultiFernet:
    """Return a MultiFernet for these keys; raise ImproperlyConfigured when there are none."""
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is empty; set it (see README.md).")
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError:
        raise ImproperlyConfigured(
            "An entry of FIELD_ENCRYPTION_KEYS is not a Fernet key (see README.md)."
        ) from None


def _fernet() -> MultiFernet:
    """Return the MultiFernet for the current setting (rebuilt when the setting changes)."""
    # Read on every call, cached by value: tests and key rotation may change the setting.
    return _build(tuple(settings.FIELD_ENCRYPTION_KEYS))


def _token_bytes(token: str) -> bytes:
    """Return token as bytes; raise InvalidToken for text that cannot be a Fernet token."""
    try:
        return token.encode("ascii")
    except UnicodeEncodeError:
        raise InvalidToken from None


def encrypt(text: str) -> str:
    """Return a Fernet token (ASCII) for text, encrypted with the first key."""
    return _fernet().encrypt(text.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    """Return the text inside token; raise cryptography.fernet.InvalidToken if no key opens it."""
    return _fernet().decrypt(_token_bytes(token)).decode("utf-8")


def rotate(token: str) -> str:
    """Return token re-encrypted with the first key; raise InvalidToken if no key opens it."""
    return _fernet().rotate(_token_bytes(token)).decode("ascii")
