"""The insights page's figures from known calls: goal attainment per project and week, keywords
per week, the emotion mix and talk time per speaker role, long pauses by length, recordings per
day and status; each figure's points link to the calls behind them with the page's filters, every
table exports as CSV with formulas neutralised, and another key's rows are never counted. Runs on
SQLite and PostgreSQL."""

import csv
import io
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from apps.index import figures
from apps.index.models import Line
from apps.index.roles import roles_of
from tests.factories import KEY, OTHER_KEY, give_key, make_user
from tests.insights.fake_api import Call

pytestmark = pytest.mark.django_db
INSIGHTS = reverse("insights:insights")
SEARCH = reverse("insights:search")


@dataclass
class Analysed(Call):
    """A Call whose keywords, pauses and summary speakers the test chooses."""

    keywords: list = field(default_factory=list)  # (name, count)
    pauses: list = field(default_factory=list)  # (seconds, compliant)
    speakers: list = field(default_factory=list)

    def results(self):
        body = super().results()
        body["keywords"] = [{"keyword_name": n, "count": c} for n, c in self.keywords]
        body["pauses"] = [{"start_ms": 1000, "duration_ms": int(s * 1000), "compliant": ok}
                          for s, ok in self.pauses]
        return body

    def summary_body(self):
        return {**super().summary_body(), "speakers": self.speakers}


def calls():
    """Three calls in two weeks (2 and 9 Nov 2026 are Mondays) in two projects."""
    return [
        Analysed(id=1, project_id=1, name="Week one A", created_at="2026-11-03T10:00:00Z",
                 goals=[("Greeting", True, 80.0)], keywords=[("refund", 2), ("invoice", 1)],
                 pauses=[(3, False), (7, False), (20, True)], speakers=["Customer", "Agent"],
                 lines=[("Speaker 1", "I was charged twice", 1, "angry"),
                        ("Speaker 2", "Let me check that", 5, "calm"),
                        ("Speaker 1", "Thank you", 9, "happy")]),
        Analysed(id=2, project_id=1, name="Week one B", created_at="2026-11-05T10:00:00Z",
                 goals=[("Greeting", False, 40.0)], keywords=[("refund", 1)],
                 pauses=[(7.5, False), (45, False), (90, False)],
                 lines=[("Agent", "Hello", 1, "neutral"), ("Customer", "Hi", 4, "sad")]),
        Analysed(id=3, project_id=2, name="Week two", created_at="2026-11-10T10:00:00Z",
                 goals=[("Greeting", True, 100.0)], keywords=[("refund", 4)],
                 lines=[("Agent", "Good morning", 1, "happy")]),
    ]


@pytest.fixture
def indexed(keyed, api, tick):
    api.accounts[KEY] = calls()
    tick()
    return keyed


def tables_of(response):
    return {table["name"]: table for table in response.context["tables"]}


def values(table):
    return [tuple(value for _, value in cells) for cells, _ in table["rows"]]


def query(url):
    parts = urlsplit(url)
    assert parts.path == SEARCH
    return {key: value[0] for key, value in parse_qs(parts.query).items()}


def test_goal_attainment_is_a_line_per_project_with_a_point_per_week_linked_to_its_calls(indexed):
    tables = tables_of(indexed.get(INSIGHTS))
    assert values(tables["attainment"]) == [
        ("2026-11-09", "Project 2 of abcd", 1, 100.0),
        ("2026-11-02", "Project 1 of abcd", 2, 60.0),
    ]
    chart = tables["attainment"]["chart"]["data"]
    points = {s.name: [(p.title, query(p.url)) for p in s.points] for s in chart.series}
    assert points["Project 1 of abcd"] == [(
        "Project 1 of abcd, week of 2 Nov 2026: 60.0 average over 2 calls",
        {"project": "1", "date_from": "2026-11-02", "date_to": "2026-11-08"},
    )]
    assert [title for title, _ in points["Project 2 of abcd"]] == [
        "Project 2 of abcd, week of 9 Nov 2026: 100.0 average over 1 call"
    ]
    # Two weeks on the x axis, the later one to the right; a higher score sits higher.
    (one,), (two,) = (s.points for s in sorted(chart.series, key=lambda s: s.name))
    assert one.x < two.x and two.y < one.y
    assert [tick.label for tick in chart.ticks] == ["2 Nov", "9 Nov"]


def test_a_figures_link_keeps_the_page_filters_and_stays_inside_its_dates(indexed):
    response = indexed.get(INSIGHTS, {"date_from": "2026-11-04", "status": "completed"})
    tables = tables_of(response)
    (point,) = tables["attainment"]["chart"]["data"].series[0].points
    assert query(point.url) == {"project": "1", "date_from": "2026-11-04",
                                "date_to": "2026-11-08", "status": "completed"}
    # The search page behind that point lists exactly the week's calls the page counted.
    found = indexed.get(point.url).context["hits"]
    assert [hit.recording.name for hit in found] == ["Week one B"]


def test_keywords_are_counted_per_week_and_each_week_links_to_its_calls(indexed):
    tables = tables_of(indexed.get(INSIGHTS))
    assert values(tables["keywords"]) == [("refund", 3, 7), ("invoice", 1, 1)]
    trend = {t.keyword: t for t in tables["keywords"]["chart"]["data"].trends}
    assert [t.total for t in trend.values()] == [7, 1]
    first, second = trend["refund"].dots
    assert first.title == "“refund”, week of 2 Nov 2026: 3 mentions in 2 calls"
    assert query(second.url) == {"q": '"refund"', "date_from": "2026-11-09",
                                 "date_to": "2026-11-15"}
    assert [hit.recording.name for hit in indexed.get(second.url).context["hits"]] == ["Week two"]
    body = indexed.get(reverse("insights:insights_csv", args=["keyword_weeks"])).content
    assert list(csv.reader(io.StringIO(body.decode())))[1:] == [
        ["refund", "2026-11-09", "1", "4"],
        ["invoice", "2026-11-02", "1", "1"], ["refund", "2026-11-02", "2", "3"],
    ]


@pytest.mark.parametrize(("speakers", "summary", "expected"), [
    # The summary's roles, matched by position in label order.
    ([("Speaker 1", ""), ("Speaker 2", "")], ["Customer", "Agent"],
     ["customer", "agent"]),
    # Names only: the one listed first is "usually the agent"; the other side the customer.
    ([("Speaker 1", ""), ("Speaker 2", "")], ["Jane Doe", "John Roe"], ["agent", "customer"]),
    # Nothing said: the first label is the agent's side.
    ([("Speaker 2", ""), ("Speaker 10", "")], [], ["agent", "customer"]),
    # Three voices, three entries: matched in label order; a supervisor is "other"; the agent is
    # the first in label order that no role word placed.
    ([("Speaker 1", "Maria"), ("Speaker 2", ""), ("Speaker 3", "")],
     ["Caller", "Maria (agent)", "Supervisor"], ["customer", "agent", "other"]),
    # A voice profile's name matches its entry, listed first: the agent (as the sandbox says it).
    ([("Speaker 1", "Marcus Reed"), ("Speaker 2", "")], ["Marcus Reed", "Customer"],
     ["agent", "customer"]),
    ([("Speaker 1", "Maria"), ("Speaker 2", ""), ("Speaker 3", "")],
     ["Maria", "Customer", "Supervisor"], ["agent", "customer", "other"]),
    # The other entries are matched only when the counts agree.
    ([("Speaker 1", ""), ("Speaker 2", "Maria"), ("Speaker 3", "")], ["Maria", "Customer"],
     ["other", "agent", "other"]),
    # Labels that are role words say the role.
    ([("Agent", ""), ("Customer", "")], [], ["agent", "customer"]),
])
def test_a_speakers_role_comes_from_the_summary_else_from_the_labels(speakers, summary, expected):
    assert [roles_of(speakers, summary)[s] for s in speakers] == expected


def test_emotions_and_talk_time_are_grouped_by_role_not_by_label(indexed):
    lines = {(line.recording.name, line.speaker): line.role
             for line in Line.objects.filter(kind="line").select_related("recording")}
    assert lines[("Week one A", "Speaker 1")] == "customer"  # the summary says so
    assert lines[("Week one A", "Speaker 2")] == "agent"
    assert lines[("Week two", "Agent")] == "agent"

    tables = tables_of(indexed.get(INSIGHTS))
    headings = tables["emotions"]["headings"]
    felt = {row[0]: dict(zip(headings, row, strict=True)) for row in values(tables["emotions"])}
    assert list(felt) == ["Agent", "Customer"]
    assert (felt["Agent"]["Calm"], felt["Agent"]["Neutral"], felt["Agent"]["Happy"]) == (1, 1, 1)
    assert (felt["Customer"]["Angry"], felt["Customer"]["Happy"], felt["Customer"]["Sad"]) == (
        1, 1, 1)
    segments = {s.title.split(" in ")[0]: query(s.url)
                for stack in tables["emotions"]["chart"]["data"].stacks for s in stack.segments}
    assert segments["Customer: angry"] == {"emotion": "angry"}

    talk = {row[0]: row for row in values(tables["talk_roles"])}
    # Every line lasts 0.9 s: the agent spoke 3 lines in 3 calls, the customer 3 in 2.
    assert talk == {"Agent": ("Agent", 3, 0.0, "50%"), "Customer": ("Customer", 2, 0.0, "50%")}
    assert {row[0] for row in values(tables["talk"])} == {"Speaker 1", "Speaker 2", "Agent",
                                                         "Customer"}


def test_long_pauses_are_counted_by_length_and_each_bucket_links_to_its_calls(indexed):
    tables = tables_of(indexed.get(INSIGHTS, {"project": 1}))
    assert values(tables["pause_lengths"]) == [
        ("0–5 s", 1, 1), ("5–10 s", 2, 2), ("10–30 s", 0, 0), ("30–60 s", 1, 1),
        ("60 s and more", 1, 1),
    ]  # the compliant 20 s pause is not a long one
    links = [url for _, url in tables["pause_lengths"]["rows"]]
    assert links[2] is None
    assert query(links[1]) == {"project": "1", "pause_from": "5", "pause_to": "10"}
    assert query(links[4]) == {"project": "1", "pause_from": "60"}
    # Followed, a bucket's link lists exactly the calls counted in it.
    for link, calls in ((links[1], 2), (links[3], 1), (links[4], 1)):
        found = indexed.get(link).content.decode()
        assert f"{calls} call{'s' * (calls != 1)} found" in found, link
    bars = tables["pause_lengths"]["chart"]["data"].bars
    assert [bar.value for bar in bars][:2] == ["1 in 1 call", "2 in 2 calls"]
    assert values(tables["pauses"]) == [(2, 1), (3, 1)]
    # A row of "Long pauses per call" opens the calls with exactly that many.
    per_call = [url for _, url in tables["pauses"]["rows"]]
    assert [query(url) for url in per_call] == [{"project": "1", "long_pause_count": "2"},
                                                {"project": "1", "long_pause_count": "3"}]
    for url in per_call:
        assert "1 call found" in indexed.get(url).content.decode(), url
    assert not indexed.get(SEARCH, {"project": 1, "long_pause_count": 4}).context["hits"]
    assert len(indexed.get(SEARCH, {"long_pause_count": 3}).context["hits"]) == 1


def test_recordings_per_day_and_status_are_drawn_and_link_to_their_calls(indexed):
    response = indexed.get(INSIGHTS)
    tables = tables_of(response)
    columns = tables["days"]["chart"]["data"].columns
    assert [query(c.url)["date_from"] for c in columns] == ["2026-11-03", "2026-11-05",
                                                            "2026-11-10"]
    assert all(query(c.url)["date_to"] == query(c.url)["date_from"] for c in columns)
    assert len({c.width for c in columns}) == 1 and columns[0].x < columns[1].x < columns[2].x
    (bar,) = tables["statuses"]["chart"]["data"].bars
    assert (bar.label, bar.value, query(bar.url)) == ("completed", "3", {"status": "completed"})
    body = response.content.decode()
    for name in ("attainment", "days", "statuses", "emotions", "keywords", "talk_roles",
                 "pause_lengths"):
        assert f'data-chart="{name}"' in body
    assert 'viewBox="0 0 340 ' in body and "<desc id=" in body


@pytest.mark.parametrize("name", list(figures.TABLES))
def test_every_table_exports_as_csv_with_the_page_filters(indexed, name):
    response = indexed.get(reverse("insights:insights_csv", args=[name]), {"project": 1})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert f'filename="insights-{name}.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert tuple(rows[0]) == figures.TABLES[name][1]
    assert "Week two" not in response.content.decode()
    if name == "statuses":
        assert rows[1:] == [["completed", "2"]]


def test_csv_cells_a_spreadsheet_would_run_are_neutralised(keyed, api, tick):
    api.accounts[KEY] = [Analysed(id=1, project_id=1, name="x", keywords=[
        ("=HYPERLINK(\"https://evil.example\")", 1), ("+1", 1), ("@sum", 1), ("-2", 1)])]
    tick()
    body = keyed.get(reverse("insights:insights_csv", args=["keywords"])).content.decode()
    cells = [row[0] for row in csv.reader(io.StringIO(body))][1:]
    assert sorted(cells) == ["'+1", "'-2", "'=HYPERLINK(\"https://evil.example\")", "'@sum"]


def test_another_keys_rows_are_never_counted_in_any_figure(api, tick):
    api.accounts[KEY] = calls()
    api.accounts[OTHER_KEY] = [
        Analysed(id=1, project_id=1, name="Bob's call", created_at="2026-11-03T10:00:00Z",
                 status="failed", goals=[("Secret goal", False, 0.0)],
                 keywords=[("bobsecret", 9)], pauses=[(200, False)],
                 lines=[("Speaker 9", "other account", 1, "fearful")]),
    ]
    ada, bob = make_user("ada"), make_user("bob")
    give_key(ada, KEY)
    give_key(bob, OTHER_KEY)
    tick()
    client = Client()
    client.force_login(ada)
    tables = tables_of(client.get(INSIGHTS))
    assert values(tables["statuses"]) == [("completed", 3)]
    assert values(tables["attainment"])[1] == ("2026-11-02", "Project 1 of abcd", 2, 60.0)
    assert values(tables["pause_lengths"])[-1] == ("60 s and more", 1, 1)
    for name in figures.TABLES:
        body = client.get(reverse("insights:insights_csv", args=[name])).content.decode()
        assert "bobsecret" not in body and "Secret goal" not in body and "Speaker 9" not in body
        assert "failed" not in body and "Fearful" not in body.split("\n", 1)[1]


def test_lines_indexed_before_roles_existed_get_the_role_their_labels_give(indexed):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("apps.index.migrations.0006_line_role")
    Line.objects.update(role="")

    migration.fill_roles(apps, None)

    roles = {(line.recording.name, line.speaker): line.role
             for line in Line.objects.filter(kind="line").select_related("recording")}
    # Without the summary's speakers, the first label is the agent's side.
    assert roles[("Week one A", "Speaker 1")] == "agent"
    assert roles[("Week one A", "Speaker 2")] == "customer"
    assert roles[("Week one B", "Agent")] == "agent" and roles[("Week two", "Agent")] == "agent"


def test_a_label_heard_with_and_without_its_voice_profile_is_one_speaker():
    from apps.identitycall.resources.analysis import Dialogue
    from apps.index.roles import line_roles

    turns = [Dialogue(speaker="Speaker 1", voice_profile_name="Maria", text="a"),
             Dialogue(speaker="Speaker 2", text="b"), Dialogue(speaker="Speaker 1", text="c")]
    assert line_roles(turns, ["Maria", "John"]) == ["agent", "customer", "agent"]


def test_a_long_history_draws_the_latest_weeks_and_days_and_says_so():
    from datetime import date, timedelta

    from apps.insights import insight_charts

    monday = date(2026, 11, 30)
    weeks = [(((monday - timedelta(weeks=n)).isoformat(), "P", 1, 50.0), f"/w{n}")
             for n in range(40)]
    chart = insight_charts.attainment_lines(weeks)
    assert chart.clipped and len(chart.series[0].points) == insight_charts.MAX_WEEKS
    assert chart.series[0].points[-1].url == "/w0"
    assert max(p.x for p in chart.series[0].points) <= chart.right  # inside the frame
    assert all(tick.x - 20 >= 0 and tick.x + 20 <= chart.width for tick in chart.ticks)

    days = [(((monday - timedelta(days=n)).isoformat(), 1), f"/d{n}") for n in range(0, 400, 3)]
    columns = insight_charts.day_columns(days).columns
    assert len(columns) == len(range(0, insight_charts.MAX_DAYS, 3))
    assert columns[-1].url == "/d0" and columns[0].x >= insight_charts.LEFT
