"""Saving a key learns what it may do from requests that cannot change anything (key_probe)."""

import pytest
import requests

from apps.accounts.clients import client_for_key
from apps.accounts.key_probe import PROBE_RECORDING, Known, probe
from apps.identitycall.resources import Listing, Project
from tests.factories import BASE, KEY

CREATE = f"{BASE}/projects"
DELETE = f"{BASE}/recordings/{PROBE_RECORDING}"
WRITE_REFUSED = {"status": 403, "json": {"error": "Write permission required"}}
DELETE_REFUSED = {"status": 403, "json": {"error": "Delete permission required"}}
SCOPED_REFUSED = {
    "status": 403, "json": {"error": "Project-scoped API keys cannot create or destroy projects"}
}
READ_REFUSED = {"status": 403, "json": {"error": "Read permission required"}}
OTHER_403 = {"status": 403, "body": "<html>Forbidden by a proxy</html>"}
INVALID = {"status": 422, "json": {"errors": ["name is required", "language is required"]}}
BAD_REQUEST = {"status": 400, "json": {"error": "param is missing"}}
NOT_FOUND = {"status": 404, "json": {"error": "Resource not found"}}
RATE_LIMITED = {"status": 429, "json": {"error": "Too many"}, "headers": {"Retry-After": "9"}}
SERVER_ERROR = {"status": 500, "json": {"error": "boom"}}
UNAUTHORIZED = {"status": 401, "json": {"error": "Invalid or expired API key"}}
TIMEOUT = {"body": requests.ReadTimeout("no answer")}
REFUSED_CONNECTION = {"body": requests.ConnectionError("refused")}


def projects(count):
    return Listing(
        [Project.from_api({"id": n, "name": f"Project {n}"}) for n in range(1, count + 1)]
    )


def run_probe(upstream, create, delete, listed=2):
    upstream.post(CREATE, **create)
    upstream.delete(DELETE, **delete)
    return probe(client_for_key(KEY), projects(listed))


@pytest.mark.parametrize(
    ("create", "write", "scoped"),
    [
        (WRITE_REFUSED, False, False),  # scope: two projects listed prove account-wide
        (SCOPED_REFUSED, True, True),
        (INVALID, True, False),
        (BAD_REQUEST, True, False),
        (NOT_FOUND, None, False),
        (READ_REFUSED, None, False),
        (OTHER_403, None, False),
        (UNAUTHORIZED, None, False),
        (RATE_LIMITED, None, False),
        (SERVER_ERROR, None, False),
        (TIMEOUT, None, False),
        (REFUSED_CONNECTION, None, False),
    ],
    ids=[
        "write-refused", "scoped-refused", "422", "400", "404", "read-refused", "unknown-403",
        "401", "429", "500", "timeout", "connection-refused",
    ],
)
def test_the_create_probe_teaches_write_and_scope_only_from_conclusive_answers(
    upstream, create, write, scoped
):
    known = run_probe(upstream, create, NOT_FOUND)
    assert (known.read, known.write, known.scoped) == (True, write, scoped)


@pytest.mark.parametrize(
    ("delete", "expected"),
    [
        (DELETE_REFUSED, False),
        (NOT_FOUND, True),
        ({"status": 204}, True),
        (WRITE_REFUSED, None),
        (OTHER_403, None),
        (INVALID, None),
        (RATE_LIMITED, None),
        (SERVER_ERROR, None),
        (TIMEOUT, None),
    ],
    ids=["delete-refused", "404", "204", "write-refused", "unknown-403", "422", "429", "500",
         "timeout"],
)
def test_the_delete_probe_teaches_delete_only_from_conclusive_answers(upstream, delete, expected):
    assert run_probe(upstream, INVALID, delete).delete is expected


def test_a_read_only_key_is_known_to_read_only(upstream):
    known = run_probe(upstream, WRITE_REFUSED, DELETE_REFUSED, listed=5)
    assert known == Known(read=True, write=False, delete=False, scoped=False)


def test_a_project_scoped_key_is_bound_to_the_one_project_it_lists(upstream):
    known = run_probe(upstream, SCOPED_REFUSED, NOT_FOUND, listed=1)
    assert known == Known(
        read=True, write=True, delete=True, scoped=True,
        scope_project_id=1, scope_project_name="Project 1",
    )


def test_one_listed_project_alone_leaves_the_scope_unknown(upstream):
    known = run_probe(upstream, WRITE_REFUSED, DELETE_REFUSED, listed=1)
    assert known.scoped is None and known.scope_project_id is None


def test_no_project_listed_means_account_wide(upstream):
    # A project-scoped key always lists its own project.
    assert run_probe(upstream, RATE_LIMITED, RATE_LIMITED, listed=0).scoped is False


def test_the_probes_send_nothing_that_could_create_or_delete(upstream):
    run_probe(upstream, INVALID, NOT_FOUND)
    sent = {call.request.method: call.request for call in upstream.calls}
    assert sent["POST"].body in (b"{}", "{}")  # no name, no language: nothing can be created
    assert sent["DELETE"].url == DELETE
    assert PROBE_RECORDING.startswith("00000000-0000-7")  # a UUIDv7 of 1970: no recording's
