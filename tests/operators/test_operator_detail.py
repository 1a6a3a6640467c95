"""An operator's page: contact details, the numbers they answer, attach and detach."""

import json

import pytest
from responses import matchers

from apps.frame.key_hints import CANNOT_WRITE
from tests.operators.conftest import number_detail_json, number_json, operator_json, url

HTMX = {"HX-Request": "true"}


@pytest.fixture
def aldona(upstream):
    upstream.get(url("/operators/22"), json={"data": operator_json()})
    upstream.get(
        url("/virtual_numbers"),
        json={
            "data": [
                number_json(),
                number_json(id=10, phone_number="+442079460018", name="London desk"),
            ]
        },
    )


def test_the_page_shows_contact_details_and_each_number_linking_to_it(keyed, aldona):
    response = keyed.get("/operators/22/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "+370 600 12345" in html and "<code>+37060012345</code>" in html
    assert 'href="mailto:aldona@example.com"' in html
    assert '<a class="op-numbers__phone" href="/numbers/9/">+1 201-555-0123</a>' in html
    assert "US Sales Line" in html


def test_attach_offers_only_numbers_the_operator_is_not_on(keyed, aldona):
    html = keyed.get("/operators/22/").content.decode()

    select = html[html.index('<select name="number_id"') :]
    select = select[: select.index("</select>")]
    assert '<option value="10">+44 20 7946 0018 · London desk</option>' in select
    assert 'value="9"' not in select


def test_detach_links_to_a_confirmation_page_and_opens_a_dialog(keyed, aldona):
    html = keyed.get("/operators/22/").content.decode()

    assert 'href="/operators/22/detach/9/" data-dialog-open="detach-9"' in html
    assert '<dialog id="detach-9"' in html
    assert 'action="/operators/22/detach/9/"' in html


def test_htmx_gets_only_the_numbers_section(keyed, aldona):
    html = keyed.get("/operators/22/", headers=HTMX).content.decode()

    assert html.lstrip().startswith('<section id="operator-numbers"')


def test_numbers_that_cannot_be_listed_do_not_break_the_page(keyed, upstream):
    upstream.get(url("/operators/22"), json={"data": operator_json()})
    upstream.get(
        url("/virtual_numbers"), status=429, json={"error": "slow"}, headers={"Retry-After": "5"}
    )

    response = keyed.get("/operators/22/")

    assert response.status_code == 200
    assert (
        "The numbers could not be listed: IdentityCall is rate limiting requests"
        in response.content.decode()
    )


def test_an_operator_the_key_cannot_see_is_a_plain_not_found_page(keyed, upstream):
    upstream.get(url("/operators/5"), status=404, json={"error": "Resource not found"})

    response = keyed.get("/operators/5/")

    assert response.status_code == 404
    assert "Operator not found" in response.content.decode()
    assert "your API key cannot see it" in response.content.decode()


def test_a_read_only_key_is_offered_no_changes(keyed, aldona):
    session = keyed.session
    session[CANNOT_WRITE] = True
    session.save()

    html = keyed.get("/operators/22/").content.decode()

    assert 'href="/operators/22/edit/"' not in html
    assert 'href="/operators/22/delete/"' not in html
    assert 'data-dialog-open="detach-9"' not in html
    assert 'name="number_id"' not in html
    assert "Not available: your API key is read-only." in html


def test_attach_sends_the_operator_to_the_chosen_number(keyed, upstream, aldona):
    upstream.post(
        url("/virtual_numbers/10/add_operator"),
        json={
            "data": number_detail_json(
                id=10,
                phone_number="+442079460018",
                name="London desk",
                operators=[
                    {"id": 22, "name": "Aldona Petrauskaitė", "initials": "AP", "priority": 0}
                ],
            )
        },
    )

    response = keyed.post("/operators/22/attach/", {"number_id": "10"}, follow=True)

    posted = [call for call in upstream.calls if call.request.method == "POST"]
    assert json.loads(posted[0].request.body) == {"operator_id": 22}
    assert response.redirect_chain == [("/operators/22/", 302)]
    assert (
        "Attached Aldona Petrauskaitė to +44 20 7946 0018 · London desk."
        in response.content.decode()
    )


def test_htmx_attach_answers_the_refreshed_numbers_section(keyed, upstream, aldona):
    upstream.post(url("/virtual_numbers/10/add_operator"), json={"data": number_detail_json(id=10)})

    response = keyed.post("/operators/22/attach/", {"number_id": "10"}, headers=HTMX)

    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="operator-numbers"')
    assert '<div class="alert alert--success" role="status"><p class="alert__text">Attached' in html


def test_attach_without_a_number_says_so_and_sends_nothing(keyed, upstream, aldona):
    response = keyed.post("/operators/22/attach/", {"number_id": ""}, headers=HTMX)

    assert response.status_code == 422
    assert "Choose the number this operator should answer." in response.content.decode()
    assert all(call.request.method == "GET" for call in upstream.calls)


def test_attach_with_a_read_only_key_explains_like_the_numbers_screens(keyed, upstream, aldona):
    upstream.post(
        url("/virtual_numbers/10/add_operator"),
        status=403,
        json={"error": "Write permission required"},
    )

    response = keyed.post("/operators/22/attach/", {"number_id": "10"})

    html = response.content.decode()
    assert response.status_code == 403
    assert "Your API key is read-only, so it cannot change who answers this number." in html
    assert "Not available: your API key is read-only." in html  # not offered again


def test_attach_to_a_number_the_key_cannot_see_is_not_found(keyed, upstream, aldona):
    upstream.post(
        url("/virtual_numbers/10/add_operator"), status=404, json={"error": "Resource not found"}
    )

    response = keyed.post("/operators/22/attach/", {"number_id": "10"}, headers=HTMX)

    assert response.status_code == 404
    assert "could not find this number or operator" in response.content.decode()


def test_the_detach_confirmation_page_names_both_sides(keyed, aldona):
    response = keyed.get("/operators/22/detach/9/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Detach Aldona Petrauskaitė from +1 201-555-0123?" in html
    assert "The operator and the number both stay." in html


def test_detach_removes_the_operator_from_the_number(keyed, upstream, aldona):
    upstream.delete(
        url("/virtual_numbers/9/remove_operator"),
        match=[matchers.query_param_matcher({"operator_id": "22"})],
        json={"data": number_detail_json()},
    )

    response = keyed.post("/operators/22/detach/9/", follow=True)

    assert [call.request.method for call in upstream.calls].count("DELETE") == 1
    assert response.redirect_chain == [("/operators/22/", 302)]
    assert (
        "Detached Aldona Petrauskaitė from +1 201-555-0123 · US Sales Line."
        in response.content.decode()
    )


def test_detach_twice_says_the_operator_was_not_there_any_more(keyed, upstream, aldona):
    upstream.delete(
        url("/virtual_numbers/9/remove_operator"), status=404, json={"error": "Resource not found"}
    )

    response = keyed.post("/operators/22/detach/9/", follow=True)

    assert "That operator was not on this number any more." in response.content.decode()


def test_detach_with_a_read_only_key_explains_and_stays_on_the_operator(keyed, upstream, aldona):
    upstream.delete(
        url("/virtual_numbers/9/remove_operator"),
        status=403,
        json={"error": "Write permission required"},
    )

    response = keyed.post("/operators/22/detach/9/")

    assert response.status_code == 403
    assert (
        "Your API key is read-only, so it cannot change who answers this number."
        in response.content.decode()
    )
    assert keyed.session[CANNOT_WRITE] is True


def test_the_detach_page_for_a_number_the_operator_is_not_on_goes_back(keyed, aldona):
    response = keyed.get("/operators/22/detach/10/")

    assert response["Location"] == "/operators/22/"
