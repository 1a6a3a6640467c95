"""The recordings list: one page at a time, filters in the URL, live rows, designed empty/error states."""

import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlparse

import pytest
import requests

from tests.factories import BASE, KEY
from tests.recordings.conftest import page_json, project_json, recording_json

LIST = "/recordings/"
PROJECTS = [project_json(id=1, name="Support EN"), project_json(id=2, name="Sales LT", language="lt")]


def fake_projects(upstream, projects=PROJECTS):
    return upstream.get(f"{BASE}/projects", json={"data": projects})


def fake_page(upstream, items, **meta):
    return upstream.get(f"{BASE}/recordings", json=page_json(items, **meta))


def sent_params(upstream):
    """Return the query parameters of the (single) GET /recordings call made."""
    calls = [c for c in upstream.calls if urlparse(c.request.url).path.endswith("/recordings")]
    assert len(calls) == 1
    return {key: values[0] for key, values in parse_qs(urlparse(calls[0].request.url).query).items()}


def htmx(target, trigger=None, **extra):
    headers = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": target}
    if trigger:
        headers["HTTP_HX_TRIGGER"] = trigger
    return headers | extra


def test_the_list_shows_every_column_of_a_page_of_recordings(keyed, upstream):
    fake_projects(upstream)
    fake_page(upstream, [
        recording_json(id=7, name="Refund call", project_id=2, duration_ms=125_400,
                       speakers=["Agent", "Jonas Petraitis"], goal_achievement=87.5,
                       created_at="2026-04-15T10:00:00Z"),
    ])

    response = keyed.get(LIST)

    assert response.status_code == 200
    html = response.content.decode()
    row = re.search(r'<tr id="recording-row-[^"]+".*?</tr>', html, re.S).group(0)
    assert "Refund call" in row
    assert "Sales LT" in row
    assert 'class="badge badge--completed">Completed<' in row
    assert "2:05" in row
    assert "Agent, Jonas Petraitis" in row
    assert "87.5 %" in row
    assert '<time datetime="2026-04-15T10:00:00+00:00">' in row
    assert re.sub(r"<[^>]+>", "", row.split("<time")[1].split("</time>")[0].split(">", 1)[1]) == "15 Apr 2026, 10:00"
    assert sent_params(upstream) == {"page": "1", "per_page": "20"}
    assert {c.request.headers["Authorization"] for c in upstream.calls} == {f"Bearer {KEY}"}


def test_the_name_links_to_the_detail_page_by_public_id(keyed, upstream):
    fake_projects(upstream)
    recording = recording_json(id=8)
    fake_page(upstream, [recording])

    html = keyed.get(LIST).content.decode()

    assert f'href="/recordings/{recording["public_id"]}/"' in html


def test_a_recording_without_public_id_is_addressed_by_its_integer_id(keyed, upstream):
    fake_projects(upstream)
    fake_page(upstream, [recording_json(id=125, public_id=None)])

    html = keyed.get(LIST).content.decode()

    assert 'id="recording-row-125"' in html
    assert 'href="/recordings/125/delete/?place=list' in html


def test_filters_and_page_in_the_query_string_are_sent_upstream(keyed, upstream):
    fake_projects(upstream)
    fake_page(upstream, [recording_json(status="processing", project_id=2)], page=3, per_page=50, total=120)

    response = keyed.get(LIST, {"status": "processing", "project": "2", "page": "3", "per_page": "50"})

    assert response.status_code == 200
    assert sent_params(upstream) == {
        "page": "3", "per_page": "50", "status": "processing", "project_id": "2"
    }
    html = response.content.decode()
    assert '<option value="processing" selected>' in html
    assert '<option value="2" selected>Sales LT</option>' in html
    assert '<option value="50" selected>' in html


@pytest.mark.parametrize(
    "query",
    [
        {"page": "abc"},
        {"page": "-1"},
        {"page": "0"},
        {"page": "1e3"},
        {"page": "٣"},
        {"page": "99999999999999999999"},
        {"per_page": "7"},
        {"per_page": "1000"},
        {"per_page": ""},
        {"status": "deleted"},
        {"status": "<script>"},
        {"project": "x"},
        {"project": "1.5"},
        {"project": "-2"},
        {"project": "0"},
    ],
)
def test_garbage_in_the_query_string_falls_back_to_the_defaults(keyed, upstream, query):
    fake_projects(upstream)
    fake_page(upstream, [recording_json()])

    response = keyed.get(LIST, query)

    assert response.status_code == 200
    assert sent_params(upstream) == {"page": "1", "per_page": "20"}


def test_a_filter_change_with_htmx_answers_the_filters_and_table_only(keyed, upstream):
    fake_projects(upstream)
    fake_page(upstream, [recording_json(status="failed")])

    response = keyed.get(LIST, {"status": "failed"}, **htmx("recordings-results"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert html.lstrip().startswith('<section id="recordings-results"')
    assert 'hx-push-url="true"' in html
    assert "HX-Request" in response["Vary"] and "HX-Target" in response["Vary"]
    assert sent_params(upstream) == {"page": "1", "per_page": "20", "status": "failed"}


def test_the_back_button_gets_the_whole_page_when_htmx_restores_history(keyed, upstream):
    fake_projects(upstream)
    fake_page(upstream, [recording_json()])

    response = keyed.get(
        LIST, {"page": "2"},
        **htmx("recordings-results", HTTP_HX_HISTORY_RESTORE_REQUEST="true"),
    )

    assert "<html" in response.content.decode()


def test_the_filter_form_and_pagination_work_without_javascript(keyed, upstream):
    fake_projects(upstream)
    fake_page(upstream, [recording_json()], page=2, per_page=10, total=35)

    html = keyed.get(LIST, {"status": "completed", "page": "2", "per_page": "10"}).content.decode()

    assert '<form class="filters" method="get" action="/recordings/"' in html
    assert 'href="?status=completed&amp;page=3&amp;per_page=10"' in html
    assert 'href="?status=completed&amp;page=1&amp;per_page=10"' in html
    assert "Page 2 of 4" in html


def test_unfinished_rows_make_the_whole_table_poll_with_one_request(keyed, upstream):
    fake_projects(upstream)
    fake_page(upstream, [
        recording_json(status="completed"),
        recording_json(status="processing"),
        recording_json(status="pending"),
    ])

    html = keyed.get(LIST, {"status": ""}).content.decode()

    assert html.count('hx-trigger="every 5s"') == 1
    poller = re.search(r'<p id="recordings-poller".*?>', html, re.S).group(0)
    assert 'hx-target="#recordings-table"' in poller
    assert 'hx-get="/recordings/?status="' in poller
    assert "still processing" in html


def test_polling_stops_once_every_row_is_finished(keyed, upstream):
    fake_projects(upstream)
    fake_page(upstream, [recording_json(status="completed"), recording_json(status="failed")])

    response = keyed.get(LIST, **htmx("recordings-table", trigger="recordings-poller"))

    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="recordings-table"')
    assert "every 5s" not in html
    assert "recordings-poller" not in html


def test_a_poll_reuses_the_project_names_instead_of_asking_again(keyed, upstream):
    projects = fake_projects(upstream)
    fake_page(upstream, [recording_json(status="processing", project_id=1)])

    keyed.get(LIST)
    response = keyed.get(LIST, **htmx("recordings-table", trigger="recordings-poller"))

    assert projects.call_count == 1
    assert "Support EN" in response.content.decode()


def test_a_rate_limited_poll_keeps_the_rows_and_waits_for_retry_after(keyed, upstream):
    fake_projects(upstream)
    upstream.get(f"{BASE}/recordings", status=429, json={"error": "Too many"}, headers={"Retry-After": "30"})

    response = keyed.get(LIST, **htmx("recordings-table", trigger="recordings-poller"))

    html = response.content.decode()
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#recordings-poller"
    assert response["HX-Reswap"] == "outerHTML"
    assert 'hx-trigger="load delay:30s"' in html
    assert "rate limiting requests; retrying in 30 s" in html
    assert "every 5s" not in html


def test_a_rate_limited_refresh_after_a_delete_leaves_the_table_alone(keyed, upstream):
    fake_projects(upstream)
    upstream.get(f"{BASE}/recordings", status=429, json={"error": "Too many"})

    response = keyed.get(LIST, **htmx("recordings-table", trigger="recordings-table"))

    assert response.status_code == 204


def test_a_rate_limited_page_says_when_to_try_again(keyed, upstream):
    fake_projects(upstream)
    upstream.get(f"{BASE}/recordings", status=429, json={"error": "Too many"}, headers={"Retry-After": "12"})

    response = keyed.get(LIST, {"status": "failed"})

    html = response.content.decode()
    assert response.status_code == 429
    assert "Recordings could not be loaded" in html
    assert "try again in 12 seconds" in html
    assert '<form class="filters"' in html  # the filters stay usable
    assert '<option value="failed" selected>' in html


@pytest.mark.parametrize(
    ("fault", "status", "sentence"),
    [
        ({"body": requests.ConnectionError("refused")}, 502, "IdentityCall is unreachable right now."),
        ({"status": 503, "body": "<html>Bad gateway</html>"}, 502, "IdentityCall is unreachable right now."),
        ({"status": 403, "json": {"error": "Read permission required"}}, 403, "does not have read permission"),
        ({"body": requests.Timeout("slow")}, 504, "IdentityCall is unreachable right now."),
    ],
)
def test_an_upstream_failure_is_shown_inside_the_table_region(keyed, upstream, fault, status, sentence):
    fake_projects(upstream)
    upstream.get(f"{BASE}/recordings", **fault)

    response = keyed.get(LIST)

    html = response.content.decode()
    assert response.status_code == status
    region = html[html.index('id="recordings-table"'):]
    assert sentence in region
    assert '<option value="2">Sales LT</option>' in html  # the filters keep working
    assert "Bad gateway" not in html
    assert 'href="/recordings/">Try again</a>' in region


def test_a_rejected_key_is_left_to_the_middleware(keyed, upstream):
    upstream.get(f"{BASE}/projects", status=401, json={"error": "Invalid or expired API key"})

    response = keyed.get(LIST)

    assert response.status_code == 401
    assert "IdentityCall rejected your API key." in response.content.decode()
    assert "recordings-table" not in response.content.decode()


def test_no_recordings_at_all_invites_an_upload(keyed, upstream):
    fake_projects(upstream)
    fake_page(upstream, [])

    html = keyed.get(LIST).content.decode()

    assert "No recordings yet" in html
    assert 'href="/recordings/upload/"' in html
    assert "<table" not in html


def test_no_match_for_the_filters_offers_to_clear_them(keyed, upstream):
    fake_projects(upstream)
    fake_page(upstream, [])

    html = keyed.get(LIST, {"status": "failed", "project": "1"}).content.decode()

    assert "No recordings match these filters" in html
    assert '<a class="btn btn--primary" href="/recordings/">Clear filters</a>' in html


def test_a_page_past_the_end_links_back_to_the_first(keyed, upstream):
    fake_projects(upstream)
    fake_page(upstream, [], page=9, total=30)

    html = keyed.get(LIST, {"page": "9"}).content.decode()

    assert "There is no page 9" in html
    assert 'href="?page=1"' in html


def test_a_project_the_key_cannot_list_still_shows_as_the_chosen_filter(keyed, upstream):
    fake_projects(upstream)
    fake_page(upstream, [])

    html = keyed.get(LIST, {"project": "77"}).content.decode()

    assert '<option value="77" selected>Project 77</option>' in html
    assert sent_params(upstream)["project_id"] == "77"


def test_html_and_template_syntax_in_upstream_text_is_shown_literally(keyed, upstream):
    fake_projects(upstream, [project_json(id=1, name="<b>Bold</b> {{ project }}")])
    fake_page(upstream, [
        recording_json(name="<script>alert(1)</script>{{ x }}", project_id=1,
                       speakers=["<img src=x onerror=alert(2)>", "{% now 'Y' %}"]),
    ])

    html = keyed.get(LIST).content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;{{ x }}" in html
    assert "&lt;b&gt;Bold&lt;/b&gt; {{ project }}" in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html
    assert "{% now &#x27;Y&#x27; %}" in html


def test_each_row_offers_rename_and_delete_that_work_without_javascript(keyed, upstream):
    fake_projects(upstream)
    recording = recording_json(name="Call A")
    fake_page(upstream, [recording])

    html = keyed.get(LIST, {"status": "completed"}).content.decode()

    ref = recording["public_id"]
    assert f'href="/recordings/{ref}/rename/?place=list&amp;next=/recordings/%3Fstatus%3Dcompleted"' in html
    assert f'hx-get="/recordings/{ref}/delete/?place=list" hx-target="#recordings-dialog"' in html
    assert 'aria-label="Delete Call A"' in html
    assert 'aria-label="Edit name of Call A"' in html


class Markup(HTMLParser):
    """Collect every start tag with its (decoded) attributes, and the decoded text."""

    def __init__(self, html):
        super().__init__()
        self.tags, self.text = [], []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def first_row(html):
    return re.search(r'<tr id="recording-row-.*?</tr>', html, re.S).group(0)


def test_a_hostile_name_and_ref_stay_inert_in_every_attribute_of_a_row(keyed, upstream):
    ref = """x"onmouseover='alert(1)'><b>&y z"""
    name = """A "quoted" <img src=x onerror=alert(2)> & 'it' {{ x }}"""
    fake_projects(upstream, [project_json(id=1, name="<i>P</i>")])
    fake_page(upstream, [recording_json(public_id=ref, name=name, status="<em>odd</em> state",
                                        project_id=1, speakers=["<u>S</u>"])])

    row = Markup(first_row(keyed.get(LIST, {"status": ""}).content.decode()))

    tags = [tag for tag, _ in row.tags]
    assert tags == ["tr", "td", "input", "input", "td", "span", "a", "a", "td", "td", "span", "td",
                    "td", "td", "td", "time", "span", "span", "td", "details", "summary", "span",
                    "ul", "li", "a", "li", "a", "li", "a"]
    assert not [name for _, attrs in row.tags for name in attrs if name.startswith("on")]
    attrs = [attrs for _, attrs in row.tags]
    assert attrs[0]["id"] == f"recording-row-{ref}"
    assert attrs[2]["value"] == ref and attrs[2]["aria-label"] == f"Select {name}"
    assert attrs[3]["value"] == f"{ref}|{name}"
    assert attrs[5]["data-recording"] == ref
    # The ref is percent-encoded in addresses exactly as reverse() encodes it.
    quoted = "x%22onmouseover='alert(1)'%3E%3Cb%3E&y%20z"
    assert attrs[6]["href"] == attrs[24]["href"] == f"/recordings/{quoted}/"
    rename = f"/recordings/{quoted}/rename/?place=list&next=/recordings/%3Fstatus%3D"
    assert attrs[7]["href"] == attrs[26]["href"] == rename
    assert attrs[7]["aria-label"] == f"Edit name of {name}"
    assert attrs[20]["aria-label"] == f"Actions for {name}"
    assert attrs[28]["href"] == f"/recordings/{quoted}/delete/?place=list&next=/recordings/%3Fstatus%3D"
    assert attrs[28]["hx-get"] == f"/recordings/{quoted}/delete/?place=list"
    assert attrs[28]["aria-label"] == f"Delete {name}"
    assert attrs[10]["class"] == "badge badge--emoddem-state"
    text = "".join(row.text)
    for shown in (name, "<i>P</i>", "<em>odd</em> state", "<u>S</u>"):
        assert shown in text


def test_a_rows_name_is_the_same_markup_the_rename_form_swaps_back(keyed, upstream):
    fake_projects(upstream)
    recording = recording_json(name="Refund <call> & 'more'")
    fake_page(upstream, [recording])
    upstream.get(f"{BASE}/recordings/{recording['public_id']}", json={"data": recording})
    list_url = "/recordings/?status=completed&page=1"

    row = first_row(keyed.get(list_url).content.decode())
    cancel = keyed.get(f"/recordings/{recording['public_id']}/rename/",
                       {"place": "list", "show": "name", "next": list_url},
                       HTTP_HX_REQUEST="true").content.decode()

    def name_span(html):
        span = re.search(r'<span class="recording-name".*?Edit name</a>\s*</span>', html, re.S)
        return Markup(span.group(0)).tags, "".join(Markup(span.group(0)).text).split()

    assert name_span(row) == name_span(cancel)


def test_rows_without_a_name_a_project_or_numbers_show_placeholders(keyed, upstream):
    fake_projects(upstream)
    fake_page(upstream, [recording_json(name=None, project_id=None, status=None, duration_ms=None,
                                        speakers=[], goal_achievement=None, created_at=None)])

    row = first_row(keyed.get(LIST).content.decode())

    assert '<a class="recording-name__text" href="/recordings/' in row
    assert ">Untitled recording</a>" in row
    assert 'aria-label="Edit name of this recording"' in row
    assert 'aria-label="Delete this recording"' in row
    assert '<span class="muted">Unknown</span>' in row
    cells = dict(re.findall(r'<td data-label="([^"]+)"[^>]*>(.*?)</td>', row, re.S))
    for label in ("Project", "Duration", "Speakers", "Goals", "Uploaded"):
        assert cells[label] == "—"


@pytest.mark.parametrize(
    ("goal", "shown"), [(87.5, "87.5 %"), (100.0, "100 %"), (66.66, "66.7 %"), (0.0, "0 %")]
)
def test_goal_achievement_keeps_one_decimal_only_when_there_is_one(keyed, upstream, goal, shown):
    fake_projects(upstream)
    fake_page(upstream, [recording_json(goal_achievement=goal)])

    row = first_row(keyed.get(LIST).content.decode())

    assert f'<td data-label="Goals" class="num recording-row__goal">{shown}</td>' in row


def test_created_is_shown_in_the_consoles_time_zone(keyed, upstream, settings):
    settings.TIME_ZONE = "Europe/Vilnius"
    fake_projects(upstream)
    fake_page(upstream, [recording_json(created_at="2026-12-31T22:30:00Z")])

    row = first_row(keyed.get(LIST).content.decode())

    assert ('<time datetime="2027-01-01T00:30:00+02:00"><span class="nowrap">1 Jan 2027,</span> '
            '<span class="nowrap">00:30</span></time>') in row
