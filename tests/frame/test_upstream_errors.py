"""IdentityCall failures no view handled become one plain sentence: a page, or an htmx alert."""

import pytest
import requests
from cryptography.fernet import Fernet

from apps.frame.errors import describe_error, rate_limit_sentence
from apps.identitycall import errors
from tests.factories import BASE
from tests.transport_faults import dropped, refused

PAGE = "/frame-test/projects/"
HTMX = {"HX-Request": "true"}
SCRIPT = "<script>alert('owned')</script>"


@pytest.fixture(autouse=True)
def frame_urls(settings):
    settings.ROOT_URLCONF = "tests.frame.urls"


# (upstream answer, console status, sentence shown)
CASES = {
    "rejected-key": (
        {"status": 401, "json": {"error": "Invalid or expired API key"}},
        401,
        "IdentityCall rejected your API key.",
    ),
    "no-read-permission": (
        {"status": 403, "json": {"error": "Read permission required"}},
        403,
        "Your API key does not have read permission.",
    ),
    "no-write-permission": (
        {"status": 403, "json": {"error": "Write permission required"}},
        403,
        "Your API key does not have write permission",
    ),
    "project-scoped": (
        {
            "status": 403,
            "json": {"error": "Project-scoped API keys cannot create or destroy projects"},
        },
        403,
        "Your API key is limited to one project",
    ),
    "undocumented-403": (
        {"status": 403, "json": {"error": f"Nope {SCRIPT}"}},
        403,
        "Your API key does not allow this action.",
    ),
    "not-found": (
        {"status": 404, "json": {"error": "Resource not found"}},
        404,
        "Not found in IdentityCall",
    ),
    "rate-limited": (
        {"status": 429, "json": {"error": "Too many requests"}, "headers": {"Retry-After": "17"}},
        429,
        "IdentityCall is rate limiting requests; try again in 17 seconds.",
    ),
    "server-error": (
        {"status": 500, "body": f"<html><body>{SCRIPT} Internal error</body></html>"},
        502,
        "IdentityCall is unreachable right now.",
    ),
    "connection-refused": (
        {"body": refused()},
        502,
        "IdentityCall is unreachable right now.",
    ),
    "connection-dropped": (
        {"body": dropped()},
        502,
        "IdentityCall is unreachable right now.",
    ),
    "conflict": (
        {"status": 409, "json": {"error": f"Name taken {SCRIPT}"}},
        409,
        "The request conflicts with the current state in IdentityCall: Name taken &lt;script&gt;",
    ),
    "timeout": (
        {"body": requests.ReadTimeout("slow")},
        504,
        "IdentityCall is unreachable right now.",
    ),
    "malformed-answer": (
        {"status": 200, "body": f"<html>{SCRIPT}</html>"},
        502,
        "IdentityCall is unreachable right now.",
    ),
}


@pytest.mark.parametrize(("answer", "status", "sentence"), CASES.values(), ids=CASES.keys())
def test_full_pages_show_the_plain_sentence_inside_the_frame(
    keyed, upstream, answer, status, sentence
):
    upstream.get(f"{BASE}/projects", **answer)

    response = keyed.get(PAGE)

    body = response.content.decode()
    assert response.status_code == status
    assert sentence in body
    assert "IdentityCall Console" in body  # the frame, not a bare error
    assert "alert('owned')" not in body
    assert "Traceback" not in body
    assert "HX-Retarget" not in response


@pytest.mark.parametrize(("answer", "status", "sentence"), CASES.values(), ids=CASES.keys())
def test_htmx_requests_get_the_alert_partial_retargeted_to_alerts(
    keyed, upstream, answer, status, sentence
):
    upstream.get(f"{BASE}/projects", **answer)

    response = keyed.get(PAGE, headers=HTMX)

    body = response.content.decode()
    assert response.status_code == status
    assert response["HX-Retarget"] == "#alerts"
    assert response["HX-Reswap"] == "innerHTML"
    assert "HX-Request" in response["Vary"]
    assert sentence in body
    assert 'role="alert"' in body
    assert "<html" not in body
    assert "alert('owned')" not in body


def test_a_rejected_key_links_to_the_key_page(keyed, upstream):
    upstream.get(f"{BASE}/projects", status=401, json={"error": "Invalid or expired API key"})
    body = keyed.get(PAGE).content.decode()
    assert '<a href="/settings/api-key/">Replace your API key</a>' in body


def test_rate_limits_pass_retry_after_on(keyed, upstream):
    upstream.get(f"{BASE}/projects", status=429, headers={"Retry-After": "17"})
    assert keyed.get(PAGE)["Retry-After"] == "17"
    assert keyed.get(PAGE, headers=HTMX)["Retry-After"] == "17"


def test_a_rate_limit_without_retry_after_assumes_sixty_seconds(keyed, upstream):
    upstream.get(f"{BASE}/projects", status=429)
    response = keyed.get(PAGE)
    assert "try again in 60 seconds" in response.content.decode()
    assert response["Retry-After"] == "60"


def test_a_change_that_never_reached_identitycall_says_nothing_was_changed(keyed, upstream):
    upstream.get(f"{BASE}/projects", body=refused())

    response = keyed.post(PAGE, headers=HTMX)

    assert response.status_code == 502
    assert "IdentityCall is unreachable; nothing was changed." in response.content.decode()


def test_a_change_that_timed_out_does_not_claim_nothing_changed(keyed, upstream):
    upstream.get(f"{BASE}/projects", body=requests.ReadTimeout("slow"))
    response = keyed.post(PAGE)
    body = response.content.decode()
    assert response.status_code == 504
    assert "may or may not have been applied" in body
    assert "nothing was changed" not in body


def test_a_conflict_is_its_own_page_with_identitycalls_words_escaped(keyed, upstream):
    upstream.get(f"{BASE}/projects", status=409,
                 json={"error": "Operator <b>already</b> attached"})

    response = keyed.post(PAGE)

    body = response.content.decode()
    assert response.status_code == 409
    assert "<h1" in body and "Conflict" in body
    assert ("The request conflicts with the current state in IdentityCall: "
            "Operator &lt;b&gt;already&lt;/b&gt; attached") in body
    assert "<b>already" not in body
    assert "unreachable" not in body and "Try again" not in body


def test_a_conflict_without_words_from_identitycall_shows_no_status_line(keyed, upstream):
    upstream.get(f"{BASE}/projects", status=409, body="<html>409 Conflict</html>")

    body = keyed.post(PAGE).content.decode()

    assert "The request conflicts with the current state in IdentityCall." in body
    assert "answered 409" not in body


def test_a_page_read_offers_to_try_again(keyed, upstream):
    upstream.get(f"{BASE}/projects", status=500)
    body = keyed.get(PAGE).content.decode()
    assert f'<a href="{PAGE}">Try again</a>' in body


def test_a_missing_key_raised_by_a_view_redirects_to_the_key_page(keyed):
    response = keyed.get("/frame-test/lost-key/")
    assert response.status_code == 302
    assert response.url.startswith("/settings/api-key/")
    htmx = keyed.get("/frame-test/lost-key/", headers=HTMX)
    assert htmx["HX-Redirect"] == "/settings/api-key/"


def test_a_key_that_can_no_longer_be_decrypted_asks_for_the_key_again(keyed, upstream, settings):
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]

    response = keyed.get(PAGE, follow=True)

    assert response.redirect_chain[0][0].startswith("/settings/api-key/")
    assert "can no longer be read on this server" in response.content.decode()
    assert len(upstream.calls) == 0


def test_other_exceptions_are_left_to_django(keyed):
    with pytest.raises(ValueError, match="a bug"):
        keyed.get("/frame-test/bug/")


def test_a_rate_limit_says_what_was_not_done_and_when_to_try_again():
    limited = errors.RateLimitError(status=429, retry_after=7)

    assert describe_error(limited) == (
        "IdentityCall is rate limiting requests; try again in 7 seconds."
    )
    assert describe_error(limited, outcome="nothing was bought") == (
        "IdentityCall is rate limiting requests; nothing was bought. Try again in 7 seconds."
    )
    one = errors.RateLimitError(status=429, retry_after=1)
    assert rate_limit_sentence(one).endswith("try again in 1 second.")
    assert rate_limit_sentence(errors.RateLimitError(status=429)).endswith("in 60 seconds.")


@pytest.mark.parametrize(
    ("said", "without_action", "with_action"),
    [
        ("Write permission required", "Your API key does not have write permission",
         "Your API key is read-only, so it cannot buy numbers. Save a key with write permission"),
        ("Delete permission required.", "Your API key does not have delete permission",
         "Your API key does not have delete permission, which this action needs."),
        ("Read permission required", "Your API key does not have read permission.",
         "Your API key does not have read permission."),
        (f"Nope {SCRIPT}", "Your API key does not allow this action.",
         "Your API key does not allow this action."),
    ],
)
def test_a_refusal_is_read_once_and_worded_with_the_action_refused(
    said, without_action, with_action
):
    refused = errors.PermissionDeniedError(said, status=403)

    assert describe_error(refused).startswith(without_action)
    assert describe_error(refused, writing=True, action="buy numbers").startswith(with_action)
    assert SCRIPT not in describe_error(refused, action="buy numbers")


def test_a_write_that_never_left_says_what_it_left_undone():
    refused = errors.TransportError(sent=False)

    assert describe_error(refused, writing=True) == (
        "IdentityCall is unreachable; nothing was changed."
    )
    assert describe_error(refused, writing=True, outcome="the key was not saved") == (
        "IdentityCall is unreachable; the key was not saved."
    )
