"""A client for the signed-in user: the only place a stored API key is decrypted (`client_for`).

Every client handed to a view records its writes in the activity trail: its `on_write` hook is a
recorder from apps.audit (`recorder_for`).
"""

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.views.decorators.debug import sensitive_variables

from apps.audit.addresses import client_address
from apps.audit.recorder import recorder_for
from apps.identitycall.client import IdentityCallClient, shared_session


class MissingApiKey(Exception):
    """The user has no IdentityCall API key saved yet."""


def client_for(user, request=None) -> IdentityCallClient:
    """Return a client with the user's key recording its writes as theirs; raise MissingApiKey or
    KeyDecryptionError."""
    try:
        stored = user.api_key
    except (ObjectDoesNotExist, AttributeError):  # AttributeError: AnonymousUser has no relation
        raise MissingApiKey from None
    # Without `request` the trail takes the address of the request being served (apps.audit).
    address = client_address(request.META) if request is not None else None
    record = recorder_for(user, address)
    named = {}

    def on_write(event):
        record(event)
        # What the answer proves about the key (a refusal naming a permission, a write past the
        # permission check) is kept under the key's fingerprint, never the key.
        from apps.accounts.key_access import learn  # key_access builds on this module

        learn(named.get("fingerprint", ""), event)

    client = client_for_key(stored.reveal(), on_write=on_write)
    named["fingerprint"] = client.fingerprint
    return client


@sensitive_variables("plaintext")
def client_for_key(plaintext: str, *, on_write=None, read_timeout=None) -> IdentityCallClient:
    """Return a client for a key given in plain text (used to verify a key before storing it);
    `on_write` is told of every write it makes; `read_timeout` shortens the usual wait."""
    connect = settings.IDENTITYCALL_CONNECT_TIMEOUT
    read = settings.IDENTITYCALL_READ_TIMEOUT
    return IdentityCallClient(
        plaintext,
        base_url=settings.IDENTITYCALL_BASE_URL,
        timeout=(connect, min(read, read_timeout) if read_timeout else read),
        upload_timeout=(connect, settings.IDENTITYCALL_UPLOAD_READ_TIMEOUT),
        session=shared_session(settings.IDENTITYCALL_POOL_SIZE),
        on_write=on_write,
    )
