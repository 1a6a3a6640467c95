"""A change whose outcome is unknown is never reported as "nothing was changed".

After a 5xx, a connection lost once the request was sent, or a read timeout, IdentityCall may have
applied the change: the page says so and links to where to check. Only a failure before the
request left (refused, DNS, connect timeout, TLS handshake) may say nothing changed.
"""

import html
import re

import pytest

from apps.identitycall import errors
from apps.frame.errors import describe_error
from tests.factories import BASE
from tests.transport_faults import connect_timeout, dropped, read_timeout, refused
from tests.virtual_numbers.builders import detail_json

PAGE = "/frame-test/projects/"
EDIT = "/numbers/9/edit/"
RENAME = {"name": "Renamed line", "active": "on", "recording": "on", "routing_strategy": "priority"}
HTMX = {"HX-Request": "true"}
UNKNOWN = "may or may not have been applied"
NOTHING_CHANGED = "nothing was changed"


@pytest.fixture(autouse=True)
def frame_urls(settings):
    settings.ROOT_URLCONF = "tests.frame.urls"


def readable(response):
    """Return the page's text: tags dropped, entities decoded, whitespace collapsed."""
    text = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", html.unescape(text))


# (what the upstream call did, console status, a sentence the page must hold)
UNKNOWN_OUTCOMES = {
    "500": ({"status": 500, "json": {"error": "boom"}}, 502,
            "IdentityCall failed while handling the request"),
    "503": ({"status": 503, "body": "<html>Service Unavailable</html>"}, 502,
            "IdentityCall failed while handling the request"),
    "dropped": ({"body": dropped()}, 502,
                "The connection to IdentityCall broke after the request was sent"),
    "read-timeout": ({"body": read_timeout()}, 504, "IdentityCall did not answer in time"),
}
NOT_SENT = {
    "refused": ({"body": refused()}, 502, "IdentityCall is unreachable; nothing was changed."),
    "connect-timeout": ({"body": connect_timeout()}, 504,
                        "IdentityCall did not accept the connection in time; nothing was changed."),
}


@pytest.mark.parametrize(("answer", "status", "sentence"), UNKNOWN_OUTCOMES.values(),
                         ids=UNKNOWN_OUTCOMES.keys())
def test_a_change_of_unknown_outcome_says_it_may_or_may_not_have_been_applied(
    keyed, upstream, answer, status, sentence
):
    upstream.get(f"{BASE}/projects", **answer)

    response = keyed.post(PAGE)

    text = readable(response)
    assert response.status_code == status
    assert sentence in text and UNKNOWN in text
    assert NOTHING_CHANGED not in text
    assert "Change not confirmed" in text  # the page's title


@pytest.mark.parametrize(("answer", "status", "sentence"), NOT_SENT.values(), ids=NOT_SENT.keys())
def test_a_change_that_never_left_says_nothing_was_changed(
    keyed, upstream, answer, status, sentence
):
    upstream.get(f"{BASE}/projects", **answer)

    response = keyed.post(PAGE)

    assert response.status_code == status
    assert sentence in readable(response)
    assert UNKNOWN not in readable(response)


def test_a_page_read_that_failed_after_sending_still_just_offers_to_try_again(keyed, upstream):
    upstream.get(f"{BASE}/projects", body=dropped())

    body = keyed.get(PAGE).content.decode()

    assert "IdentityCall is unreachable right now." in body
    assert UNKNOWN not in body


@pytest.fixture
def number(upstream):
    upstream.get(f"{BASE}/virtual_numbers/9", json={"data": detail_json(id=9)})


def test_a_number_edit_of_unknown_outcome_links_to_the_number_on_the_form(keyed, upstream, number):
    upstream.patch(f"{BASE}/virtual_numbers/9", status=500, json={"error": "boom"})

    response = keyed.post(EDIT, RENAME)

    body = response.content.decode()
    assert response.status_code == 502
    assert UNKNOWN in readable(response)
    assert '<a href="/numbers/9/">Check its current state</a>' in body
    assert "Try again" not in body  # a blind repeat is what this page must not invite


def test_the_htmx_alert_for_a_change_of_unknown_outcome_links_too(keyed, upstream):
    upstream.patch(f"{BASE}/operators/22", body=dropped())

    response = keyed.post("/operators/22/active/", {"active": "false"}, headers=HTMX)

    body = response.content.decode()
    assert response["HX-Retarget"] == "#alerts"
    assert UNKNOWN in readable(response)
    assert '<a href="/operators/22/">Check its current state</a>' in body


def test_a_change_that_never_left_offers_no_check_link(keyed, upstream, number):
    upstream.patch(f"{BASE}/virtual_numbers/9", body=refused())

    response = keyed.post(EDIT, RENAME)

    assert "IdentityCall is unreachable; nothing was changed." in readable(response)
    assert "Check its current state" not in response.content.decode()


def test_describe_error_never_says_nothing_changed_when_the_outcome_is_unknown():
    unknown = [
        errors.ServerError("boom", status=500),
        errors.ServerError(status=502),
        errors.TransportError(sent=True),
        errors.UpstreamTimeout(sent=True),
        errors.InvalidResponseError(status=201),
    ]
    for exc in unknown:
        sentence = describe_error(exc, writing=True)
        assert NOTHING_CHANGED not in sentence, exc
        assert "applied" in sentence, exc
    for exc in (errors.TransportError(sent=False), errors.UpstreamTimeout(sent=False)):
        assert describe_error(exc, writing=True).endswith("nothing was changed.")
