"""Search over the index: words and phrases (stemmed, any order), names, external IDs, keywords
and summaries; the filters and the sort; the matching line in context, linked at its second.
Runs on SQLite (FTS5) and, with DATABASE_URL=postgres://…, on PostgreSQL full-text search."""

import pytest
from django.urls import reverse

from tests.factories import KEY
from tests.insights.fake_api import Call

pytestmark = pytest.mark.django_db
SEARCH = reverse("insights:search")


@pytest.fixture
def indexed(keyed, api, tick):
    """Three calls of the user's key, synced."""
    api.accounts[KEY] = [
        Call(id=1, project_id=1, name="Billing call", external_id="crm-778",
             created_at="2026-11-02T10:00:00Z", duration_ms=300_000,
             goals=[("Greeting", True, 90.0), ("Offer refund", False, 20.0)], long_pauses=2,
             summary="The customer disputes a double charge.",
             lines=[("Agent", "Good morning, how can I help?", 0, "neutral"),
                    ("Customer", "I want a refund for last week's order", 7, "angry"),
                    ("Agent", "Let me look at that order.", 15, "neutral")]),
        Call(id=2, project_id=2, name="Sales call", created_at="2026-11-20T09:00:00Z",
             duration_ms=60_000, goals=[("Greeting", True, 95.0)],
             lines=[("Agent", "Our new plan is cheaper", 3, "happy"),
                    ("Customer", "Refunds were slow last time", 9, "sad")]),
        Call(id=3, project_id=1, name="<script>alert(1)</script>", created_at="2026-11-25T09:00Z",
             lines=[("Customer", "<b>refund</b> please", 2, "")]),
    ]
    tick()
    return keyed


def names(response):
    return [hit.recording.name for hit in response.context["hits"] or []]


def test_a_phrase_finds_its_call_with_the_line_in_context_linked_at_its_second(indexed):
    response = indexed.get(SEARCH, {"q": '"refund for last week"'})

    assert names(response) == ["Billing call"]
    hit = response.context["hits"][0]
    assert hit.url == reverse("recordings:detail", args=["1"]) + "?t=7#t-7"
    assert [line.text for line in hit.before] == ["Good morning, how can I help?"]
    assert [line.text for line in hit.after] == ["Let me look at that order."]
    body = response.content.decode()
    assert 'href="/recordings/1/?t=7#t-7"' in body
    assert "<mark>refund</mark>" in body


def test_words_match_in_any_order_and_stemmed(indexed):
    assert sorted(names(indexed.get(SEARCH, {"q": "refund agent"}))) == []  # speakers aren't text
    assert sorted(names(indexed.get(SEARCH, {"q": "week refund"}))) == ["Billing call"]
    found = names(indexed.get(SEARCH, {"q": "refunds", "sort": "newest"}))
    assert found == ["<script>alert(1)</script>", "Sales call", "Billing call"]


def test_names_external_ids_keywords_and_summaries_are_searched(indexed):
    assert names(indexed.get(SEARCH, {"q": "crm-778"})) == ["Billing call"]
    assert names(indexed.get(SEARCH, {"q": "double charge"})) == ["Billing call"]
    assert names(indexed.get(SEARCH, {"q": "sales"})) == ["Sales call"]


def test_filters_narrow_the_calls(indexed):
    def found(**params):
        return sorted(names(indexed.get(SEARCH, params)))

    assert found(project=2) == ["Sales call"]
    assert found(date_from="2026-11-15", date_to="2026-11-21") == ["Sales call"]
    assert found(min_minutes=4) == ["Billing call"]
    assert found(max_minutes=2, q="refund") == ["<script>alert(1)</script>", "Sales call"]
    assert found(goals="missed") == ["Billing call"]
    assert found(goals="met") == ["Sales call"]
    assert found(emotion="angry") == ["Billing call"]
    assert found(long_pauses="on") == ["Billing call"]
    assert found(status="completed", q="nothing-like-this") == []


def test_sorts_by_duration_and_goal_score(indexed):
    assert names(indexed.get(SEARCH, {"q": "refund", "sort": "longest"}))[0] == "Billing call"
    by_score = names(indexed.get(SEARCH, {"status": "completed", "sort": "score_high"}))
    assert by_score[:2] == ["Sales call", "Billing call"]


def test_upstream_text_is_escaped(indexed):
    body = indexed.get(SEARCH, {"q": "please"}).content.decode()
    assert "<script>alert(1)</script>" not in body and "<b>refund</b>" not in body
    assert "&lt;script&gt;" in body


def test_a_query_with_search_operators_is_read_as_words(indexed):
    for text in ['refund OR NOT "', "NEAR(refund", "refund*", "-refund", "^ :"]:
        assert indexed.get(SEARCH, {"q": text}).status_code == 200


def test_the_page_says_how_much_is_indexed_and_how_fresh(indexed):
    body = indexed.get(SEARCH).content.decode()
    assert "3 of 3 recordings" in body and "synced" in body and "Sync now" in body


def test_projects_are_named_from_the_keys_project_list(indexed):
    response = indexed.get(SEARCH, {"q": "plan"})
    assert response.context["hits"][0].project_name == "Project 2 of abcd"
    assert '<option value="2">Project 2 of abcd</option>' in response.content.decode()


def test_a_project_the_key_has_not_indexed_is_not_offered(indexed):
    response = indexed.get(SEARCH, {"project": 7})
    assert response.context["form"].errors["project"]


INSIGHTS = reverse("insights:insights")


def values(table):
    """A table's rows as tuples of their cells' values (the page pairs each with its heading)."""
    return [tuple(value for _, value in cells) for cells, _ in table["rows"]]


def test_insights_count_only_the_keys_calls_and_link_to_them(indexed):
    response = indexed.get(INSIGHTS)
    tables = {table["name"]: table for table in response.context["tables"]}
    assert values(tables["statuses"]) == [("completed", 3)]
    missed = [(values(tables["missed"])[0], tables["missed"]["rows"][0][1])]
    assert missed[0][0] == ("Offer refund", 1, 1, "100%")
    assert missed[0][1] == SEARCH + "?goals=missed"
    felt = {row[0]: row for row in values(tables["emotions"])}
    headings = tables["emotions"]["headings"]
    assert felt["Customer"][headings.index("Angry")] == 1
    weeks = values(tables["attainment"])
    assert ("2026-11-02", "Project 1 of abcd", 1, 55.0) in weeks  # Monday of its week


def test_insights_follow_the_filters_and_export_csv_safely(indexed):
    response = indexed.get(INSIGHTS, {"project": 2})
    tables = {table["name"]: table for table in response.context["tables"]}
    assert values(tables["statuses"]) == [("completed", 1)]
    link = tables["statuses"]["rows"][0][1]
    assert link == SEARCH + "?project=2&status=completed"

    csv = indexed.get(reverse("insights:insights_csv", args=["emotions"])).content.decode()
    assert csv.splitlines()[0] == "Role,Happy,Neutral,Calm,Sad,Angry,Fearful,Surprised,Disgust"
    assert indexed.get(reverse("insights:insights_csv", args=["nope"])).status_code == 404


def test_many_calls_are_paged_twenty_at_a_time_in_rank_order(keyed, api, tick):
    api.accounts[KEY] = [
        Call(id=n, project_id=1, name=f"call {n:02d}",
             lines=[("Agent", "refund " * (1 + n % 3) + f"filler words {n}", 1, "")])
        for n in range(1, 26)
    ]
    tick()
    first = keyed.get(SEARCH, {"q": "refund"})
    second = keyed.get(SEARCH, {"q": "refund", "page": 2})

    assert first.context["page"].paginator.count == 25
    names_1, names_2 = names(first), names(second)
    assert len(names_1) == 20 and len(names_2) == 5 and not set(names_1) & set(names_2)
    assert 'href="?q=refund&amp;page=2"' in first.content.decode()


def test_best_match_puts_the_closest_call_first_and_still_lists_every_match(keyed, api, tick):
    api.accounts[KEY] = [
        Call(id=1, project_id=1, name="passing mention", created_at="2026-11-20T10:00:00Z",
             lines=[("Agent", "we talked about many things today, one of them the invoice, "
                     "and the weather, and the traffic on the way, and lunch", 1, "")]),
        Call(id=2, project_id=1, name="all about it", created_at="2026-11-01T10:00:00Z",
             lines=[("Agent", "invoice invoice invoice", 1, "")]),
        Call(id=3, project_id=1, name="newest mention", created_at="2026-11-25T10:00:00Z",
             lines=[("Agent", "the invoice arrived, thanks, and the rest of a long reply "
                     "that goes on and on about nothing in particular at all", 1, "")]),
    ]
    tick()
    found = names(keyed.get(SEARCH, {"q": "invoice"}))
    assert found[0] == "all about it" and len(found) == 3


COMPARE = reverse("insights:compare")


def test_two_calls_side_by_side(indexed):
    response = indexed.get(COMPARE, {"r": ["1", "2"]})

    first, second = response.context["sides"]
    assert first.recording.name == "Billing call" and second.recording.name == "Sales call"
    assert first.long_pauses == 2 and second.long_pauses == 0
    assert [who for who, _, _ in first.talk] == ["Agent", "Customer"]
    assert sum(share for _, _, share in first.talk) in (99, 100, 101)
    goals = {name: (a and a.met, b and b.met) for name, a, b in response.context["goals"]}
    assert goals == {"Greeting": (True, True), "Offer refund": (False, None)}
    assert 'href="/recordings/1/"' in response.content.decode()


def test_compare_is_offered_on_search_results_and_refuses_what_the_key_has_not_indexed(indexed):
    body = indexed.get(SEARCH, {"q": "refund"}).content.decode()
    assert f'action="{COMPARE}"' in body and 'name="r" value="1"' in body
    assert indexed.get(COMPARE, {"r": ["1", "999"]}).status_code == 404
    assert indexed.get(COMPARE).status_code == 200


def test_insights_keywords_talk_time_pauses_and_days(indexed):
    tables = {t["name"]: t for t in indexed.get(INSIGHTS).context["tables"]}
    assert values(tables["keywords"])[0] == ("refund", 3, 3)
    assert tables["keywords"]["rows"][0][1] == SEARCH + "?q=%22refund%22"
    talk = {row[0]: row for row in values(tables["talk"])}
    assert set(talk) == {"Agent", "Customer"} and talk["Agent"][1] == 2  # not in the third
    assert values(tables["pauses"]) == [(0, 2), (2, 1)]
    days = values(tables["days"])
    assert days == [("2026-11-25", 1), ("2026-11-20", 1), ("2026-11-02", 1)]


def test_nothing_is_visible_without_a_key():
    from apps.index.search import search
    from apps.index.visibility import visible_recordings

    assert len(search(visible_recordings(None), {"q": "refund"})) == 0


def test_insights_draw_shares_as_bars_beside_their_numbers(indexed):
    body = indexed.get(INSIGHTS).content.decode()
    assert '<rect class="bar__fill" width="100.0"' in body  # "Offer refund" missed in 100%
    assert '<rect class="bar__fill" width="55.0"' in body  # the billing call's week: 55.0
