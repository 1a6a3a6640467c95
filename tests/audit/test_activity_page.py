"""/settings/activity/: the user's own trail, newest first, 50 a page, filtered by action."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.accounts.roles import set_role
from apps.audit.models import AuditEvent
from apps.audit.recorder import record
from tests.factories import make_user

PAGE = "/settings/activity/"
HTMX = {"HX-Request": "true"}


def event(user, action, resource_id=None, *, minutes_ago=0, **facts):
    """Return a stored event, backdated by minutes_ago."""
    resource_type = action.split(".")[0]
    saved = record(user, action, resource_type=resource_type, resource_id=resource_id, **facts)
    AuditEvent.objects.filter(pk=saved.pk).update(
        created_at=timezone.now() - timedelta(minutes=minutes_ago)
    )
    return saved


def rows(body):
    return re.findall(r"<tr>(.*?)</tr>", body, flags=re.S)


def test_the_activity_page_is_named_audit_activity():
    assert reverse("audit:activity") == PAGE


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response.url == f"/accounts/login/?next={PAGE}"


def test_a_user_without_a_key_can_still_read_their_history(client, user):
    client.force_login(user)
    response = client.get(PAGE)

    assert response.status_code == 200
    assert "audit/activity.html" in [used.name for used in response.templates]
    assert "No activity yet" in response.content.decode()


def test_an_empty_history_says_so(keyed):
    body = keyed.get(PAGE).content.decode()
    assert "No activity yet" in body
    assert "<table" not in body


def test_the_page_lists_the_users_events_newest_first_in_words(keyed, user):
    event(user, "project.create", 7, status=201, detail={"name": "Sales"}, minutes_ago=30)
    event(user, "recording.upload", "rec_5abc", status=201,
          detail={"filename": "call.mp3", "size": 2048}, minutes_ago=20)
    event(user, "api_key.replace", "idc_…wxyz", status=200, detail={"previous": "idc_…abcd"},
          minutes_ago=10)

    response = keyed.get(PAGE)

    body = response.content.decode()
    assert response.status_code == 200
    found = rows(body)
    assert len(found) == 4  # the header row and three events
    assert "Replaced API key" in found[1] and "idc_…wxyz" in found[1]
    assert "Replaced idc_…abcd" in found[1]
    assert "Uploaded recording" in found[2] and "2.0\xa0KB" in found[2]
    assert '<a href="/recordings/rec_5abc/">Recording rec_5abc · call.mp3</a>' in found[2]
    assert "Created project" in found[3]
    assert '<a href="/projects/7/">Project 7 · Sales</a>' in found[3]
    assert re.search(r'<time datetime="\d{4}-\d\d-\d\dT[^"]+">', found[1])
    assert "3 events" in body


def test_another_users_events_are_invisible_to_a_member(keyed, user):
    set_role(user, "member")  # an admin sees everyone's (tests/audit/test_team_activity.py)
    grace = make_user("grace")
    event(grace, "project.delete", 98765, status=204)
    event(grace, "recording.rename", "rec_grace", status=200)
    event(user, "operator.update", 4, status=200, detail={"fields": ["active"]})

    body = keyed.get(PAGE).content.decode()

    assert "Changed operator" in body and "Changed active" in body
    assert "/projects/98765/" not in body and "Project 98765" not in body
    assert "rec_grace" not in body
    assert "Deleted project" not in body.split("<tbody>")[1]


def test_outcomes_show_as_badges_with_the_status(keyed, user):
    event(user, "project.update", 1, status=200)
    event(user, "project.update", 2, status=422, error="ValidationError")
    event(user, "project.update", 3, error="TransportError")
    event(user, "project.update", 4, error="UpstreamTimeout")

    body = keyed.get(PAGE).content.decode()

    assert '<span class="badge badge--completed">Succeeded</span>' in body
    assert '<span class="badge badge--failed">Failed (422)</span>' in body
    assert '<span class="badge badge--failed">Failed: unreachable</span>' in body
    assert '<span class="badge badge--pending">Unknown: no answer in time</span>' in body


def test_deleted_and_missing_resources_are_not_linked(keyed, user):
    event(user, "project.create", 7, status=201, minutes_ago=5)
    event(user, "project.delete", 7, status=204)
    event(user, "operator.update", 8, status=404, error="NotFoundError")
    event(user, "operator.create", None, status=422, error="ValidationError")

    body = keyed.get(PAGE).content.decode()

    assert 'href="/projects/7/"' not in body
    assert 'href="/operators/8/"' not in body
    assert "New operator" in body


def test_numbers_and_operators_link_to_their_pages(keyed, user):
    event(user, "number.purchase", 3, status=201, detail={"phone_number": "+15551234567"})
    event(user, "number.add_operator", 3, status=200, detail={"operator_id": 4})
    event(user, "operator.create", 4, status=201, detail={"name": "Ana Šimkutė"})

    body = keyed.get(PAGE).content.decode()

    assert '<a href="/numbers/3/">Number 3 · +15551234567</a>' in body
    assert '<a href="/operators/4/">Operator 4 · Ana Šimkutė</a>' in body
    assert "Operator 4" in body


def test_fifty_events_fit_a_page_and_the_rest_go_to_the_next(keyed, user):
    for n in range(53):
        event(user, "recording.delete", f"rec_{n:02d}", status=204, minutes_ago=n)

    first = keyed.get(PAGE).content.decode()
    second = keyed.get(PAGE, {"page": 2}).content.decode()

    assert len(rows(first)) == 51
    assert "rec_00" in first and "rec_49" in first and "rec_50" not in first
    assert len(rows(second)) == 4
    assert "rec_50" in second and "rec_52" in second
    assert 'aria-label="Pagination"' in first
    assert 'href="?page=2"' in first
    assert "Page 2 of 2" in second


def test_a_page_number_out_of_range_shows_the_last_page(keyed, user):
    event(user, "recording.delete", "rec_1", status=204)
    response = keyed.get(PAGE, {"page": "999"})
    assert response.status_code == 200
    assert "rec_1" in response.content.decode()
    assert keyed.get(PAGE, {"page": "abc"}).status_code == 200


def test_the_filter_shows_one_kind_of_action_and_keeps_it_in_the_pagination(keyed, user):
    for n in range(51):
        event(user, "project.update", n, status=200, minutes_ago=n)
    event(user, "recording.upload", "rec_only", status=201)

    body = keyed.get(PAGE, {"action": "project.update"}).content.decode()

    assert "rec_only" not in body
    assert '<option value="project.update" selected>Changed project</option>' in body
    assert 'href="?action=project.update&amp;page=2"' in body
    only = keyed.get(PAGE, {"action": "recording.upload"}).content.decode()
    assert "rec_only" in only and "Project 3" not in only


def test_a_filter_matching_nothing_offers_to_show_all(keyed, user):
    event(user, "project.update", 1, status=200)
    body = keyed.get(PAGE, {"action": "number.purchase"}).content.decode()
    assert "Nothing of this kind yet" in body
    assert 'href="/settings/activity/"' in body


def test_an_unknown_filter_shows_everything(keyed, user):
    event(user, "project.update", 1, status=200)
    body = keyed.get(PAGE, {"action": "<script>"}).content.decode()
    assert "Changed project" in body
    assert "<script>" not in body.split("</head>")[1]


def test_htmx_gets_only_the_list_and_the_answer_varies_on_hx_request(keyed, user):
    event(user, "project.update", 1, status=200)

    response = keyed.get(PAGE, {"action": "project.update"}, headers=HTMX)

    body = response.content.decode()
    assert body.lstrip().startswith('<div id="activity"')
    assert "<html" not in body
    assert "Changed project" in body
    assert "HX-Request" in response["Vary"]


def test_the_filter_works_without_javascript_and_with_htmx(keyed):
    body = keyed.get(PAGE).content.decode()
    form = re.search(r'<form method="get" action="/settings/activity/"[^>]*>', body).group(0)
    assert 'hx-get="/settings/activity/"' in form
    assert 'hx-target="#activity"' in form
    assert 'hx-push-url="true"' in form
    assert '<label for="activity-action">Action</label>' in body
    assert ">Show</button>" in body


@pytest.mark.parametrize(
    ("payload", "shown"),
    [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ('"><img src=x onerror=alert(1)>', "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"),
        ("{{ 7|add:1 }}", "{{ 7|add:1 }}"),
    ],
    ids=["script", "attribute-break", "template"],
)
def test_upstream_and_user_text_in_events_is_shown_literally(keyed, user, payload, shown):
    event(user, "project.create", 7, status=201, detail={"name": payload})

    body = keyed.get(PAGE).content.decode()

    assert f"Project 7 · {shown}</a>" in body
    if payload != shown:
        assert payload not in body


def test_the_user_menu_and_the_settings_tabs_link_to_the_activity(keyed):
    body = keyed.get("/settings/api-key/").content.decode()
    assert '<a class="user-menu__item" href="/settings/activity/">Activity</a>' in body
    assert '<a class="settings-nav__link" href="/settings/activity/">Activity</a>' in body
    activity = keyed.get(PAGE).content.decode()
    assert '<span class="settings-nav__link" aria-current="page">Activity</span>' in activity


def test_the_page_only_answers_get(keyed):
    assert keyed.post(PAGE).status_code == 405
