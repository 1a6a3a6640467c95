"""A project's page links to its numbers (the numbers list narrowed to it) and to uploading a
recording into it."""

from django.urls import reverse

from tests.factories import BASE


def test_the_project_page_links_to_its_numbers_and_to_an_upload_into_it(keyed, upstream):
    upstream.get(BASE + "/projects/42", json={"data": {
        "id": 42, "name": "Support", "language": "en", "recordings_count": 3,
        "virtual_numbers_count": 2,
    }})

    html = keyed.get(reverse("projects:detail", args=[42])).content.decode()

    assert f'href="{reverse("virtual_numbers:list")}?project=42">See the numbers</a>' in html
    assert f'href="{reverse("recordings:upload")}?project=42">Upload a recording' in html
