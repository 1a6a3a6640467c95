"""The answers a key's permission probes get (apps/accounts/key_probe.py), for tests that save or
verify a key against a fake IdentityCall (responses): register them with the GET /projects."""

from apps.accounts.key_probe import PROBE_RECORDING
from tests.factories import BASE

WRITE_REFUSED = {"status": 403, "json": {"error": "Write permission required"}}
DELETE_REFUSED = {"status": 403, "json": {"error": "Delete permission required"}}
SCOPED_REFUSED = {
    "status": 403, "json": {"error": "Project-scoped API keys cannot create or destroy projects"}
}
INVALID = {"status": 422, "json": {"errors": ["name is required", "language is required"]}}
NOT_FOUND = {"status": 404, "json": {"error": "Resource not found"}}


def answer_probes(upstream, *, create=INVALID, delete=NOT_FOUND):
    """Register the probes' answers; by default those of a full-access account-wide key."""
    upstream.post(f"{BASE}/projects", **create)
    upstream.delete(f"{BASE}/recordings/{PROBE_RECORDING}", **delete)
