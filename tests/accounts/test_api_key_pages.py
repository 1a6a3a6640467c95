"""The key page verifies a key with IdentityCall before storing it, and never shows it again."""

import logging
from datetime import timedelta

import pytest
import requests
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import ApiKey
from apps.recordings.models import StoredAudio
from tests.factories import BASE, KEY, OTHER_KEY, give_key, make_user, projects_body
from tests.accounts.probes import answer_probes

PAGE = "/settings/api-key/"


def test_the_key_page_is_named_accounts_api_key():
    assert reverse("accounts:api_key") == PAGE


def test_key_page_shows_an_empty_password_field_named_api_key(signed_in):
    response = signed_in.get(PAGE)
    body = response.content.decode()
    assert response.status_code == 200
    assert 'name="api_key"' in body
    assert 'type="password"' in body
    assert 'autocomplete="off"' in body
    assert "Add your key" in body


def test_saving_a_key_verifies_it_with_identitycall_then_stores_it_encrypted(
    signed_in, user, upstream
):
    upstream.get(f"{BASE}/projects", json=projects_body(3))
    answer_probes(upstream)  # what the key may do (key_probe.py)

    response = signed_in.post(PAGE, {"api_key": KEY})

    assert response.status_code == 302
    assert response.url == PAGE
    assert upstream.calls[0].request.headers["Authorization"] == f"Bearer {KEY}"
    stored = ApiKey.objects.get(user=user)
    assert stored.ciphertext != KEY and KEY not in stored.ciphertext
    assert stored.reveal() == KEY
    assert stored.projects_seen == 3
    assert stored.verified_at is not None


def test_a_saved_key_is_shown_masked_and_never_in_full(signed_in, upstream):
    upstream.get(f"{BASE}/projects", json=projects_body(3))
    answer_probes(upstream)  # what the key may do (key_probe.py)

    response = signed_in.post(PAGE, {"api_key": KEY}, follow=True)

    body = response.content.decode()
    assert KEY not in body
    assert "idc_…abcd" in body
    assert "API key idc_…abcd saved. It sees 3 projects." in body
    assert "3 projects" in body
    assert 'value="idc_' not in body


def test_the_key_is_trimmed_before_it_is_checked(signed_in, user, upstream):
    upstream.get(f"{BASE}/projects", json=projects_body(1))
    answer_probes(upstream)  # what the key may do (key_probe.py)
    signed_in.post(PAGE, {"api_key": f"  {KEY}\n"})
    assert upstream.calls[0].request.headers["Authorization"] == f"Bearer {KEY}"
    assert ApiKey.objects.get(user=user).reveal() == KEY


@pytest.mark.parametrize(
    ("status", "body", "sentence"),
    [
        (401, {"error": "Invalid or expired API key"}, "IdentityCall rejected this key"),
        (403, {"error": "Read permission required"}, "This key lacks read permission"),
    ],
)
def test_a_key_identitycall_refuses_is_not_saved_and_the_user_is_told_why(
    signed_in, user, upstream, status, body, sentence
):
    upstream.get(f"{BASE}/projects", status=status, json=body)

    response = signed_in.post(PAGE, {"api_key": KEY})

    page = response.content.decode()
    assert response.status_code == 200
    assert sentence in page
    assert "The key was not saved." in page
    assert 'aria-invalid="true"' in page
    assert KEY not in page
    assert not ApiKey.objects.filter(user=user).exists()


@pytest.mark.parametrize(
    "failure",
    [
        {"body": requests.ConnectionError("connection refused")},
        {"status": 503, "body": "<html>Service Unavailable</html>"},
        {"status": 200, "body": "<html>not json</html>"},
    ],
    ids=["connection-refused", "server-error", "malformed-answer"],
)
def test_when_identitycall_is_unreachable_the_key_is_not_saved_and_the_form_stays_empty(
    signed_in, user, upstream, failure
):
    upstream.get(f"{BASE}/projects", **failure)

    response = signed_in.post(PAGE, {"api_key": KEY})

    page = response.content.decode()
    assert response.status_code == 200
    assert "IdentityCall is unreachable, so the key was not saved; try again." in page
    assert 'name="api_key"' in page
    assert KEY not in page
    assert not ApiKey.objects.filter(user=user).exists()


def test_a_rate_limited_check_says_when_to_try_again(signed_in, user, upstream):
    upstream.get(
        f"{BASE}/projects", status=429, json={"error": "Too many"}, headers={"Retry-After": "30"}
    )
    response = signed_in.post(PAGE, {"api_key": KEY})
    assert (
        "IdentityCall is rate limiting requests; the key was not saved. Try again in 30 seconds."
        in response.content.decode()
    )
    assert not ApiKey.objects.filter(user=user).exists()


@pytest.mark.parametrize(
    ("candidate", "sentence"),
    [
        ("abc_" + "x" * 32, "starts with idc_"),
        ("idc_short", "20 to 128 characters long; this one has 9"),
        ("idc_" + "x" * 125, "20 to 128 characters long; this one has 129"),
        ("idc_" + "x" * 10 + " " + "y" * 10, "no spaces or special characters"),
        ("", "This field is required"),
    ],
)
def test_malformed_keys_get_a_form_error_without_calling_identitycall(
    signed_in, user, upstream, candidate, sentence
):
    response = signed_in.post(PAGE, {"api_key": candidate})

    assert response.status_code == 200
    assert sentence in response.content.decode()
    assert len(upstream.calls) == 0
    assert not ApiKey.objects.filter(user=user).exists()


def test_a_20_character_key_is_long_enough(signed_in, user, upstream):
    upstream.get(f"{BASE}/projects", json=projects_body(0))
    answer_probes(upstream)  # what the key may do (key_probe.py)
    signed_in.post(PAGE, {"api_key": "idc_" + "k" * 16})
    assert ApiKey.objects.get(user=user).reveal() == "idc_" + "k" * 16


def test_replacing_a_key_stores_the_new_one(keyed, user, upstream):
    upstream.get(f"{BASE}/projects", json=projects_body(5))
    answer_probes(upstream)  # what the key may do (key_probe.py)

    page = keyed.get(PAGE).content.decode()
    response = keyed.post(PAGE, {"api_key": OTHER_KEY}, follow=True)

    assert "Replace your key" in page
    assert upstream.calls[0].request.headers["Authorization"] == f"Bearer {OTHER_KEY}"
    stored = ApiKey.objects.get(user=user)
    assert stored.reveal() == OTHER_KEY
    assert stored.projects_seen == 5
    assert "API key idc_…wxyz replaced" in response.content.decode()


def test_a_rejected_replacement_keeps_the_old_key(keyed, user, upstream):
    upstream.get(f"{BASE}/projects", status=401, json={"error": "Invalid or expired API key"})
    keyed.post(PAGE, {"api_key": OTHER_KEY})
    assert ApiKey.objects.get(user=user).reveal() == KEY


def test_remove_asks_for_confirmation_then_deletes_the_key(keyed, user):
    confirm = keyed.get("/settings/api-key/remove/")
    assert ApiKey.objects.filter(user=user).exists()
    assert "Remove your API key?" in confirm.content.decode()

    response = keyed.post("/settings/api-key/remove/", follow=True)

    assert not ApiKey.objects.filter(user=user).exists()
    assert "API key removed." in response.content.decode()
    assert response.redirect_chain[-1][0] == PAGE


def test_the_key_page_offers_remove_in_a_dialog_that_posts(keyed):
    body = keyed.get(PAGE).content.decode()
    assert 'data-dialog-open="remove-key-dialog"' in body
    assert '<dialog id="remove-key-dialog"' in body
    assert 'action="/settings/api-key/remove/"' in body


def test_verify_again_updates_when_and_what_the_key_reaches(keyed, user, upstream):
    ApiKey.objects.filter(user=user).update(verified_at=timezone.now() - timedelta(days=3))
    upstream.get(f"{BASE}/projects", json=projects_body(4))
    answer_probes(upstream)  # what the key may do (key_probe.py)

    response = keyed.post("/settings/api-key/verify/", follow=True)

    stored = ApiKey.objects.get(user=user)
    assert upstream.calls[0].request.headers["Authorization"] == f"Bearer {KEY}"
    assert stored.projects_seen == 4
    assert timezone.now() - stored.verified_at < timedelta(minutes=1)
    assert "Your key works. It sees 4 projects." in response.content.decode()


def test_verify_again_reports_a_rejected_key_and_keeps_it(keyed, user, upstream):
    upstream.get(f"{BASE}/projects", status=401, json={"error": "Invalid or expired API key"})

    response = keyed.post("/settings/api-key/verify/", follow=True)

    assert "IdentityCall rejected your saved key" in response.content.decode()
    assert ApiKey.objects.get(user=user).projects_seen == 2


def test_verify_again_when_identitycall_is_unreachable_says_so(keyed, upstream):
    upstream.get(f"{BASE}/projects", body=requests.ConnectionError("down"))
    response = keyed.post("/settings/api-key/verify/", follow=True)
    assert "IdentityCall is unreachable, so the key was not checked" in response.content.decode()


def test_verify_again_only_accepts_post(keyed):
    assert keyed.get("/settings/api-key/verify/").status_code == 405


def test_after_saving_the_user_returns_to_the_page_they_asked_for(signed_in, upstream):
    upstream.get(f"{BASE}/projects", json=projects_body(1))
    answer_probes(upstream)  # what the key may do (key_probe.py)
    response = signed_in.post(f"{PAGE}?next=/projects/", {"api_key": KEY, "next": "/projects/"})
    assert response.url == "/projects/"


def test_next_pointing_off_site_is_ignored(signed_in, upstream):
    upstream.get(f"{BASE}/projects", json=projects_body(1))
    answer_probes(upstream)  # what the key may do (key_probe.py)
    response = signed_in.post(PAGE, {"api_key": KEY, "next": "https://evil.example/"})
    assert response.url == PAGE


@pytest.mark.parametrize(
    "path", [PAGE, "/settings/api-key/remove/", "/settings/api-key/verify/"]
)
def test_anonymous_visitors_are_sent_to_log_in(client, db, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/?next=")


def test_posting_without_a_csrf_token_is_refused(user, upstream):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)

    response = browser.post(PAGE, {"api_key": KEY})

    assert response.status_code == 403
    assert "This form has expired" in response.content.decode()
    assert len(upstream.calls) == 0
    assert not ApiKey.objects.filter(user=user).exists()


def test_posting_with_the_csrf_token_is_accepted(user, upstream):
    upstream.get(f"{BASE}/projects", json=projects_body(1))
    answer_probes(upstream)  # what the key may do (key_probe.py)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    browser.get(PAGE)
    token = browser.cookies["csrftoken"].value

    response = browser.post(PAGE, {"api_key": KEY, "csrfmiddlewaretoken": token})

    assert response.status_code == 302


@pytest.fixture
def every_log(caplog):
    """Capture every log record at DEBUG, including loggers that do not propagate to the root."""
    names = ["", "django", "django.request", "apps", "identitycall", "urllib3", "requests"]
    loggers = [logging.getLogger(name) for name in names]
    saved = [(logger.level, logger.propagate) for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
        if caplog.handler not in logger.handlers:
            logger.addHandler(caplog.handler)
    caplog.handler.setLevel(logging.DEBUG)
    yield caplog
    for logger, (level, propagate) in zip(loggers, saved):
        logger.setLevel(level)
        logger.propagate = propagate
        logger.removeHandler(caplog.handler)


def test_the_key_never_reaches_the_logs(signed_in, upstream, every_log):
    upstream.get(f"{BASE}/projects", status=401, json={"error": "Invalid or expired API key"})
    signed_in.post(PAGE, {"api_key": OTHER_KEY})
    upstream.replace("GET", f"{BASE}/projects", json=projects_body(2))
    answer_probes(upstream)  # what the key may do (key_probe.py)
    signed_in.post(PAGE, {"api_key": KEY})
    answer_probes(upstream)
    signed_in.post("/settings/api-key/verify/")

    assert every_log.records, "the save should log something, so this test can see logs at all"
    logged = "\n".join(
        f"{record.getMessage()} {record.args} {record.__dict__}" for record in every_log.records
    )
    assert KEY not in logged
    assert OTHER_KEY not in logged
    assert KEY[4:] not in logged


def test_the_admin_lists_keys_masked_and_never_shows_the_ciphertext(client, user):
    stored = give_key(user)
    admin = make_user("root", is_staff=True, is_superuser=True)
    give_key(admin, key=OTHER_KEY)
    client.force_login(admin)

    listing = client.get("/admin/accounts/apikey/").content.decode()
    detail = client.get(f"/admin/accounts/apikey/{stored.pk}/change/").content.decode()

    assert "idc_…abcd" in listing
    for page in (listing, detail):
        assert stored.ciphertext not in page
        assert KEY not in page
    assert 'name="ciphertext"' not in detail
    assert client.get("/admin/accounts/apikey/add/").status_code == 403



# ---- The audio the console keeps: its own page (tests/recordings/test_kept_audio_page.py) -----


def test_the_key_page_links_to_the_kept_audio_page_instead_of_counting_copies(signed_in, user):
    StoredAudio.objects.create(
        recording_key="1", uploaded_by=user, file="audio/1/call.wav", original_name="call.wav",
        content_type="audio/wav", size=1_500_000, sha256="0" * 64,
    )

    body = signed_in.get(PAGE).content.decode()

    assert '<a href="/recordings/kept-audio/">Kept audio</a>' in body
    assert '<a class="settings-nav__link" href="/recordings/kept-audio/">Kept audio</a>' in body
    assert "Your uploads" not in body and "1 copy" not in body
