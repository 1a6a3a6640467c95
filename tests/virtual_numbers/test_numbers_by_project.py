"""The numbers list by project: a project column, `?project=` narrowing the list, and saying so
when IdentityCall does not tell which project a number belongs to."""

from django.urls import reverse

from tests.virtual_numbers.builders import number_json, url

LIST = reverse("virtual_numbers:list")


def projects(upstream):
    upstream.get(url("/projects"), json={"data": [
        {"id": 4, "name": "Claims DE", "language": "de"},
        {"id": 7, "name": "Support <EN>", "language": "en"},
    ]})


def numbers(upstream, *items):
    upstream.get(url("/virtual_numbers"), json={"data": list(items)})


def test_each_number_shows_its_project_linked_to_the_project(keyed, upstream):
    projects(upstream)
    numbers(upstream, number_json(id=9, project_id=7), number_json(id=10, project_id=None))

    html = keyed.get(LIST).content.decode()

    assert f'href="{reverse("projects:detail", args=[7])}">Support &lt;EN&gt;</a>' in html
    assert '<span class="muted">None</span>' in html  # IdentityCall says: no project
    assert '<option value="4">Claims DE</option>' in html


def test_a_project_narrows_the_list_to_its_numbers(keyed, upstream):
    projects(upstream)
    numbers(
        upstream,
        number_json(id=9, phone_number="+14155550100", project_id=7),
        number_json(id=10, phone_number="+14155550111", project_id=4),
    )

    html = keyed.get(LIST, {"project": "7"}).content.decode()

    assert "+1 415-555-0100" in html and "+1 415-555-0111" not in html
    assert "1 number in Support &lt;EN&gt;." in html
    assert '<option value="7" selected>' in html


def test_without_project_ids_the_list_says_the_project_cannot_be_known(keyed, upstream):
    numbers(upstream, number_json(id=9), number_json(id=10, phone_number="+14155550111"))

    html = keyed.get(LIST, {"project": "7"}).content.decode()

    assert "IdentityCall does not say which project a number belongs to" in html
    assert "+1 415-555-0100" in html and "+1 415-555-0111" in html
    assert "Not known" in html
    assert len(upstream.calls) == 1  # no projects asked for: there is nothing to name


def test_a_project_without_numbers_says_so(keyed, upstream):
    projects(upstream)
    numbers(upstream, number_json(id=9, project_id=7))

    html = keyed.get(LIST, {"project": "4"}).content.decode()

    assert "No number belongs to Claims DE." in html
