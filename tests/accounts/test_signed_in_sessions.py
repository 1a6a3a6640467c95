"""The sessions page: where the user is signed in, and ending any of those sessions."""

from django.test import Client

from apps.accounts import signed_in
from apps.accounts.models import SignedInSession
from apps.audit.models import AuditEvent
from tests.factories import PASSWORD, give_key, make_user

PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit Safari/604.1"
DESKTOP = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36"


def _browser(agent):
    browser = Client(HTTP_USER_AGENT=agent, REMOTE_ADDR="203.0.113.7")
    assert browser.post("/accounts/login/", {"username": "ada", "password": PASSWORD}).status_code == 302
    return browser


def test_sign_in_records_the_device_and_address_and_the_page_lists_them(db):
    give_key(make_user())
    desktop = _browser(DESKTOP)
    _browser(PHONE)
    page = desktop.get("/settings/sessions/").content.decode()
    assert "Chrome on Linux" in page and "Safari on iPhone" in page
    assert "203.0.113.7" in page and "This browser" in page
    assert SignedInSession.objects.count() == 2


def test_ending_another_session_signs_that_browser_out(db):
    give_key(make_user())
    desktop, phone = _browser(DESKTOP), _browser(PHONE)
    row = SignedInSession.objects.get(user_agent=PHONE)
    assert desktop.post(f"/settings/sessions/{row.pk}/end/").status_code == 302
    assert phone.get("/settings/api-key/")["Location"].startswith("/accounts/login/")
    assert desktop.get("/settings/api-key/").status_code == 200
    assert AuditEvent.objects.filter(action="account.session_end").exists()


def test_nobody_ends_someone_elses_session(db):
    give_key(make_user())
    _browser(PHONE)
    other = make_user("eve")
    give_key(other)
    eve = Client()
    eve.force_login(other)
    row = SignedInSession.objects.get(user_agent=PHONE)
    assert eve.post(f"/settings/sessions/{row.pk}/end/").status_code == 404
    assert SignedInSession.objects.filter(pk=row.pk).exists()


def test_logging_out_forgets_the_session(db):
    give_key(make_user())
    desktop = _browser(DESKTOP)
    desktop.post("/accounts/logout/")
    assert not SignedInSession.objects.exists()


def test_an_admin_ends_all_of_a_members_sessions(db, client):
    give_key(make_user())
    phone = _browser(PHONE)
    boss = make_user("boss")
    client.force_login(boss)  # the suite's default role is Admin
    member = SignedInSession.objects.get(user_agent=PHONE).user
    client.post(f"/settings/team/members/{member.pk}/sessions/end/")
    assert phone.get("/settings/api-key/")["Location"].startswith("/accounts/login/")
    assert AuditEvent.objects.filter(action="team.sessions_end", resource_id="ada").exists()


def test_device_names():
    assert signed_in.device(PHONE) == "Safari on iPhone"
    assert signed_in.device("") == "Unknown device"
    assert signed_in.device("curl/8.5") == "curl"
