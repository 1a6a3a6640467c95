"""Every page about one recording answers an id IdentityCall does not know (deleted, or not
visible with the user's key) the way the recording's own page does: "Recording not found", the
reason, and a way back to the list — never the generic "nothing at this address" page."""

import re

import pytest

from tests.factories import BASE

REF = "018f3a00-0000-7000-8000-00000000dead"
GONE = {"error": "Resource not found"}


def recording_not_found(response):
    page = response.content.decode()
    return (
        response.status_code == 404
        and re.search(r"<h1[^>]*>Recording not found</h1>", page) is not None
        and "It may have been deleted, or your API key cannot see it." in page
        and re.search(r'<a [^>]*href="/recordings/"[^>]*>All recordings</a>', page) is not None
    )


@pytest.mark.parametrize(
    ("path", "parts"),
    [
        (f"/recordings/{REF}/", ("transcription", "results", "summary")),
        (f"/recordings/{REF}/export.txt", ("transcription", "summary")),
        (f"/recordings/{REF}/retry/", ()),
        (f"/recordings/{REF}/rename/", ()),
        (f"/recordings/{REF}/delete/", ()),
    ],
    ids=["detail", "export", "retry", "rename", "delete"],
)
def test_a_recording_the_key_cannot_see_is_not_found_on_each_of_its_pages(
        keyed, upstream, path, parts):
    upstream.get(f"{BASE}/recordings/{REF}", json=GONE, status=404)
    for part in parts:  # pages that ask for the analysis together with the recording
        upstream.get(f"{BASE}/recordings/{REF}/{part}", json=GONE, status=404)
    upstream.get(f"{BASE}/projects", json={"data": []})

    response = keyed.get(path)

    assert recording_not_found(response), response.content.decode()[:2000]


def test_a_malformed_recording_id_is_not_found_without_asking_identitycall(keyed, upstream):
    response = keyed.get("/recordings/not-an-id/retry/")

    assert recording_not_found(response)
    assert len(upstream.calls) == 0
