"""Two IdentityCall accounts, one console: nothing one account's key synced ever reaches a user
holding another account's key (docs/architecture.md, "The index"), in search, compare or
insights, and a key replaced mid-session ends the old account's rows at once.

Ada holds the demo account's full key; Bea the second account's (Globex, apps/sandbox/README.md,
"Accounts"), whose calls are English like most of Ada's, so common words occur in both. Then
Bea's key is replaced by the demo account's project-scoped key. The sandbox is reached over HTTP
and the index filled by the background sync, as on a running console.
"""

import re

import pytest
from playwright.sync_api import expect

from apps.index import budget
from apps.index.models import IndexedRecording, Line, SyncState
from apps.index.tasks import sync_indexes
from apps.index.visibility import fingerprint_of
from apps.sandbox.models import ApiKey as SandboxKey
from apps.sandbox.models import Recording as SandboxRecording
from apps.sandbox.seed import OTHER_KEY, seed_demo
from tests.browser.a11y import settled_violations
from tests.browser.conftest import PASSWORD, sign_in_with

pytestmark = pytest.mark.django_db(transaction=True)

COMMON = "refund"  # in the English phrases both accounts' transcripts are made of
GLOBEX_WORD = "turbine"  # in Globex's recording names only


@pytest.fixture
def keys(sandbox):
    """The demo account's keys and, under "other_account", Globex's."""
    return seed_demo(other_account=True)


@pytest.fixture
def new_tab(chromium, live_server):
    """Return tabs in browser contexts of their own, checked like the `page` tab at the end."""
    opened = []

    def open_tab():
        context = chromium.new_context(base_url=live_server.url,
                                       viewport={"width": 1280, "height": 900})
        tab = context.new_page()
        tab.problems = []
        tab.on("pageerror", lambda error: tab.problems.append(f"page error: {error}"))
        tab.set_default_timeout(10_000)
        opened.append((context, tab))
        return tab

    yield open_tab
    for context, tab in opened:
        try:
            a11y, url = settled_violations(tab), tab.url
        finally:
            context.close()
        assert not tab.problems, tab.problems
        assert not a11y, f"accessibility violations on {url}:\n" + "\n".join(a11y)


def sync_everyone():
    """Run the index's ticks until every current key's sync has reached its end."""
    for _ in range(600):
        sync_indexes.call()
        states = SyncState.objects.all()
        if states and all(s.phase == "idle" and s.synced_at for s in states):
            return
    raise AssertionError("the sync never finished")


def search(page, words):
    """Search for `words` on the search page; return the titles of the hits (first page)."""
    page.goto("/search/")
    page.get_by_label("Words in the call").fill(words)
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_url(re.compile(r"/search/\?q="))
    results = page.locator("#results")
    expect(results.locator(".hit").first.or_(results.get_by_text("No call matches"))).to_be_visible()
    return results.locator(".hit__title").all_inner_texts()


def found(page):
    """Return the "N calls found" count of the results shown (0 for "No call matches")."""
    count = page.locator(".search-results__count")
    if not count.count():
        expect(page.get_by_text("No call matches")).to_be_visible()
        return 0
    return int(re.match(r"(\d+) calls? found", count.inner_text()).group(1))


def insight_total(page):
    """Return how many recordings the Insights page's "Recordings per status" table counts."""
    page.goto("/insights/")
    section = page.locator("section", has=page.get_by_role("heading", name="Recordings per status"))
    counts = section.locator("tbody tr td:nth-child(2)").all_inner_texts()
    return sum(int(count.replace(",", "")) for count in counts)


def freshness(page):
    return page.locator(".freshness__text").inner_text()


def said_in(rows):
    """Return everything said, named or summarised in the calls `rows`, lower-cased words."""
    texts = Line.objects.filter(recording__in=rows).values_list("text", flat=True)
    return " ".join(" ".join(re.findall(r"\w+", text.lower())) for text in texts)


def phrase_only_in(mine, theirs):
    """Return four words said in one of `mine`'s calls and in none of `theirs`'."""
    said = said_in(theirs)
    for text in (
        Line.objects.filter(recording__in=mine, kind="line", recording__language="en")
        .order_by("recording__created_at", "position").values_list("text", flat=True)[:500]
    ):
        words = re.findall(r"\w+", text.lower())
        for start in range(max(0, len(words) - 3)):
            phrase = " ".join(words[start:start + 4])
            if phrase not in said:
                return phrase
    raise AssertionError("every phrase of the first account occurs in the second")


def shots(page, name):
    for width in (1440, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"/work/notes/shots/acct-{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_another_accounts_calls_never_reach_search_compare_or_insights(
    keys, new_tab, django_user_model, monkeypatch
):
    monkeypatch.setattr(budget, "take", lambda fingerprint, count=1, now=None: 0.0)
    ada = django_user_model.objects.create_user("ada", password=PASSWORD)
    bea = django_user_model.objects.create_user("bea", password=PASSWORD)
    ada_tab = sign_in_with(new_tab(), ada, keys["full"])
    bea_tab = sign_in_with(new_tab(), bea, keys[OTHER_KEY])
    sync_everyone()

    ada_rows = IndexedRecording.objects.filter(key_fingerprint=fingerprint_of(ada))
    bea_rows = IndexedRecording.objects.filter(key_fingerprint=fingerprint_of(bea))
    globex = SandboxRecording.objects.filter(project__account__slug="globex")
    assert bea_rows.count() == globex.count() == 7
    assert ada_rows.count() == SandboxRecording.objects.exclude(
        project__account__slug="globex").count()
    bea_names = set(bea_rows.values_list("name", flat=True))
    bea_rows_refs = list(bea_rows.values_list("ref", flat=True))
    ada_phrase = phrase_only_in(ada_rows, bea_rows)
    bea_words = set(said_in(bea_rows).split()) | {
        word.lower() for name in bea_names for word in re.findall(r"\w+", name)}
    # Ada's oldest call with an external ID and a word in its name Bea's calls never use.
    for ada_call in ada_rows.filter(status="completed").exclude(external_id="").order_by(
            "created_at"):
        name_words = " ".join(word for word in re.findall(r"[^\W\d]+", ada_call.name)
                              if word.lower() not in bea_words)
        if name_words:
            break
    else:
        raise AssertionError("every word of Ada's call names occurs in Bea's calls")

    # Ada finds her phrase, her call's name and external ID: the searches below can find things.
    for words in (f'"{ada_phrase}"', name_words, ada_call.external_id):
        assert search(ada_tab, words), words
    assert found(ada_tab) >= 1

    # Bea finds none of Ada's calls, by what was said, the call's name or its external ID.
    for words in (f'"{ada_phrase}"', name_words, ada_call.external_id, ada_call.ref):
        assert search(bea_tab, words) == [], words
    shots(bea_tab, "search-other-account")

    # Her own words find her own calls only, also a word Ada's calls are full of.
    turbine = {name for name in bea_names if GLOBEX_WORD in name.lower()}
    assert turbine and set(search(bea_tab, GLOBEX_WORD)) == turbine
    assert found(bea_tab) == len(turbine)
    common = search(bea_tab, COMMON)
    assert set(common) <= bea_names and found(bea_tab) <= 7
    assert len(search(ada_tab, COMMON)) > 0 and not set(search(ada_tab, COMMON)) & bea_names

    # Ada's call cannot be compared or opened with Bea's key, even next to one of her own.
    bea_call = bea_rows.order_by("created_at").first()
    for query in (f"r={ada_call.ref}", f"r={bea_call.ref}&r={ada_call.ref}",
                  f"recording={ada_call.ref}"):
        response = bea_tab.goto(f"/compare/?{query}")
        assert response.status in (200, 404)
        assert ada_call.name not in bea_tab.content()
        expect(bea_tab.get_by_role("heading", name="Goals")).to_have_count(0)
    assert bea_tab.goto(f"/compare/?r={ada_call.ref}").status == 404
    expect(bea_tab.get_by_text("A call you chose is not in your index")).to_be_visible()
    shots(bea_tab, "compare-other-account")
    response = bea_tab.goto(f"/recordings/{ada_call.ref}/")
    assert response.status == 404 and ada_call.name not in bea_tab.content()

    # Insights count Bea's seven calls; Ada's count hers.
    assert insight_total(bea_tab) == 7
    assert freshness(bea_tab).startswith("7 of 7 recordings")
    shots(bea_tab, "insights-other-account")
    assert insight_total(ada_tab) == ada_rows.count()

    # Bea's key is replaced by the demo account's project-scoped key, in the same session.
    scoped_project = SandboxKey.objects.get(key=keys["project_scoped"]).project
    in_project = SandboxRecording.objects.filter(project=scoped_project)
    bea_tab.goto("/settings/api-key/")
    bea_tab.get_by_role("textbox", name="API key").fill(keys["project_scoped"])
    bea_tab.get_by_role("button", name=re.compile(r"Verify and (save|replace)")).click()
    expect(bea_tab.get_by_role("status").first).to_contain_text(scoped_project.name)

    # At once, before any sync: nothing of Globex any more.
    assert search(bea_tab, GLOBEX_WORD) == []
    assert bea_tab.goto(f"/compare/?r={bea_call.ref}").status == 404
    assert insight_total(bea_tab) == 0

    sync_everyone()
    bea = django_user_model.objects.get(pk=bea.pk)  # her key as stored now, not as cached
    scoped_rows = IndexedRecording.objects.filter(key_fingerprint=fingerprint_of(bea))
    assert not IndexedRecording.objects.filter(ref__in=bea_rows_refs).exists()  # forgotten
    assert scoped_rows.count() == in_project.count()
    assert set(scoped_rows.values_list("project_id", flat=True)) == {scoped_project.id}
    in_project_names = set(in_project.values_list("name", flat=True))
    assert search(bea_tab, GLOBEX_WORD) == []
    hits = search(bea_tab, COMMON)
    assert hits and set(hits) <= in_project_names
    assert found(bea_tab) <= in_project.count()
    elsewhere = ada_rows.exclude(project_id=scoped_project.id).exclude(external_id="").first()
    assert search(bea_tab, elsewhere.external_id) == []
    assert search(ada_tab, elsewhere.external_id)
    assert bea_tab.goto(f"/compare/?r={elsewhere.ref}").status == 404
    assert insight_total(bea_tab) == in_project.count()
    total = in_project.count()
    assert freshness(bea_tab).startswith(f"{total} of {total} recordings")
    shots(bea_tab, "insights-scoped-after-replace")
