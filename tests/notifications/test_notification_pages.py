"""The notifications list and the bell: only one's own, new ones shown as new once, then read;
the bell's count on every page for one COUNT query, refreshed by a poll that keeps no session
alive; dismissing needs CSRF, and someone else's notification is not found."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from apps.accounts.sessions import RENEWED
from apps.notifications.models import Notification
from apps.notifications.notify import notify
from tests.factories import give_key, make_user

LIST, BELL = "/notifications/", "/notifications/bell/"


def tell(user, name="Call 1", outcome="completed", ref="018f-ref"):
    title = f"“{name}” is ready" if outcome == "completed" else f"“{name}” failed"
    return notify(user, title=title, body="Body text.", url=f"/recordings/{ref}/", outcome=outcome)


def bell_of(html):
    """Return the bell's markup from a page."""
    found = re.search(r'<a id="notifications-bell".*?</a>', html, re.S)
    assert found, "no bell on the page"
    return found.group(0)


@pytest.fixture
def bob(db):
    return make_user("bob")


def test_the_bell_shows_the_unread_count_on_every_page(keyed, user, upstream):
    tell(user, "One")
    tell(user, "Two")

    bell = bell_of(keyed.get("/settings/activity/").content.decode())

    assert 'href="/notifications/"' in bell
    assert 'aria-label="Notifications, 2 unread"' in bell
    assert '<span class="bell-count">2</span>' in bell
    assert 'hx-get="/notifications/bell/"' in bell and 'hx-trigger="load delay:15s"' in bell


def test_with_nothing_unread_the_bell_has_no_count(keyed):
    bell = bell_of(keyed.get("/settings/activity/").content.decode())

    assert 'aria-label="Notifications, 0 unread"' in bell
    assert "bell-count" not in bell


def test_a_big_count_is_shortened_on_the_bell_but_not_in_its_label(keyed, user):
    Notification.objects.bulk_create(
        Notification(user=user, title=f"n{n}", url="/", outcome="completed") for n in range(120)
    )

    bell = bell_of(keyed.get("/settings/activity/").content.decode())

    assert '<span class="bell-count">99+</span>' in bell
    assert 'aria-label="Notifications, 120 unread"' in bell


def test_the_bell_costs_a_page_one_count_query(keyed, user):
    tell(user)

    with CaptureQueriesContext(connection) as queries:
        keyed.get("/settings/activity/")

    touching = [query["sql"] for query in queries.captured_queries
                if "notifications_notification" in query["sql"]]
    assert len(touching) == 1
    assert "COUNT(" in touching[0]


def test_the_bell_alone_is_answered_to_its_poll(keyed, user):
    tell(user)

    response = keyed.get(BELL, headers={"HX-Request": "true"})

    html = response.content.decode()
    assert response.status_code == 200
    assert html.strip().startswith('<a id="notifications-bell"')
    assert '<span class="bell-count">1</span>' in html
    assert "<html" not in html


def test_the_bells_poll_does_not_keep_an_idle_session_alive(keyed):
    keyed.get("/settings/activity/")  # a page the person opened: renewed
    session = keyed.session
    session[RENEWED] = 0  # as if renewed long ago
    session.save()

    response = keyed.get(BELL, headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert keyed.session.get(RENEWED) == 0
    keyed.get("/settings/activity/")
    assert keyed.session.get(RENEWED) != 0  # a page the person asked for still renews it


def test_a_user_without_a_key_sees_notifications_and_the_bell_without_being_sent_away(
    signed_in, user
):
    tell(user)

    assert signed_in.get(LIST).status_code == 200
    response = signed_in.get(BELL, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "HX-Redirect" not in response


def test_the_list_shows_new_ones_as_new_once_then_as_read(keyed, user):
    tell(user, "Older")
    tell(user, "Newer", outcome="failed")

    first = keyed.get(LIST).content.decode()

    new = first.split('id="notifications-new"')[1]
    assert new.index("Newer") < new.index("Older")  # newest first
    assert "New since your last look" in first
    assert 'href="/recordings/018f-ref/"' in first
    assert '<span class="badge badge--failed">Failed</span>' in first
    assert 'aria-label="Notifications, 0 unread"' in bell_of(first)  # this page read them
    assert Notification.objects.filter(user=user, read_at__isnull=True).count() == 0

    again = keyed.get(LIST).content.decode()
    assert "New since your last look" not in again
    assert "Nothing new since your last look" in again
    assert "Newer" in again and "Older" in again


def test_only_new_ones_arrived_since_are_new_on_the_next_look(keyed, user):
    tell(user, "Seen")
    keyed.get(LIST)
    tell(user, "Fresh")

    html = keyed.get(LIST).content.decode()

    new, earlier = html.split('id="notifications-earlier"')
    assert "Fresh" in new and "Seen" not in new
    assert "Seen" in earlier


def test_another_users_notifications_are_never_shown_or_counted(keyed, user, bob):
    tell(bob, "Bobs secret call")
    tell(user, "Mine")

    html = keyed.get(LIST).content.decode()

    assert "Mine" in html and "Bobs secret call" not in html
    assert Notification.objects.get(user=bob).read_at is None  # not marked read by ada's look
    bell = keyed.get(BELL).content.decode()
    assert "bell-count" not in bell


def test_upstream_text_in_a_title_is_escaped(keyed, user):
    tell(user, '<img src=x onerror="alert(1)">')

    html = keyed.get(LIST).content.decode()

    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html


def test_a_link_that_is_not_a_console_path_is_not_linked(keyed, user):
    notify(user, title="Odd", body="", url="//evil.example/x", outcome="completed")

    html = keyed.get(LIST).content.decode()

    assert "evil.example" not in html


def test_dismissing_one_removes_it(keyed, user):
    note = tell(user)

    response = keyed.post(f"/notifications/{note.pk}/dismiss/")

    assert response.status_code == 302 and response["Location"] == LIST
    assert not Notification.objects.filter(pk=note.pk).exists()


def test_dismissing_with_htmx_answers_nothing_to_swap_the_row_out(keyed, user):
    note = tell(user)

    response = keyed.post(f"/notifications/{note.pk}/dismiss/", headers={"HX-Request": "true"})

    assert response.status_code == 200 and response.content == b""
    assert not Notification.objects.filter(pk=note.pk).exists()


def test_someone_elses_notification_is_not_found_and_stays(keyed, bob):
    theirs = tell(bob)

    response = keyed.post(f"/notifications/{theirs.pk}/dismiss/")

    assert response.status_code == 404
    assert Notification.objects.filter(pk=theirs.pk).exists()


def test_dismissing_needs_the_csrf_token(user):
    note = tell(user)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(user)

    response = strict.post(f"/notifications/{note.pk}/dismiss/")

    assert response.status_code == 403
    assert Notification.objects.filter(pk=note.pk).exists()


@pytest.mark.parametrize("path", [LIST, BELL, "/notifications/email/"])
def test_every_page_needs_a_login(client, db, path):
    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_an_empty_list_says_so_and_offers_the_upload(keyed):
    html = keyed.get(LIST).content.decode()

    assert "No notifications yet" in html
    assert 'href="/recordings/upload/"' in html


def test_a_user_with_a_key_of_their_own_sees_only_theirs_too(user, bob):
    give_key(bob)
    tell(user, "Adas call")
    bobs = Client()
    bobs.force_login(bob)

    html = bobs.get(LIST).content.decode()

    assert "Adas call" not in html
    assert "No notifications yet" in html
