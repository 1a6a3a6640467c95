"""The numbers list: formatted numbers, flags, states and the first operators' initials."""

from django.urls import reverse

from tests.virtual_numbers.builders import number_json, url


def test_list_shows_each_number_for_people_with_e164_underneath(keyed, upstream):
    upstream.get(url("/virtual_numbers"), json={"data": [number_json()]})

    response = keyed.get(reverse("virtual_numbers:list"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "+1 415-555-0100" in html and ">+14155550100<" in html
    assert f'href="{reverse("virtual_numbers:detail", args=[9])}"' in html
    assert "US Sales Line" in html
    assert 'class="fi fi-us"' in html and "United States" in html  # a flag image, not an emoji
    assert ">Active<" in html and ">Off<" in html
    assert len(upstream.calls) == 1 and upstream.calls[0].request.method == "GET"


def test_list_shows_the_first_operators_as_initials_and_the_rest_as_a_count(keyed, upstream):
    upstream.get(url("/virtual_numbers"), json={"data": [number_json()]})

    html = keyed.get(reverse("virtual_numbers:list")).content.decode()

    assert ">JD<" in html and ">AP<" in html and ">BL<" in html
    assert ">+2<" in html
    assert "5 operators" in html and "and 2 more" in html


def test_list_of_an_inactive_number_without_operators_says_so(keyed, upstream):
    body = number_json(active=False, ai_receptionist_enabled=True, operators=[], operators_count=0)
    upstream.get(url("/virtual_numbers"), json={"data": [body]})

    html = keyed.get(reverse("virtual_numbers:list")).content.decode()

    assert ">Inactive<" in html and ">On<" in html and ">None<" in html


def test_list_without_numbers_offers_the_search(keyed, upstream):
    upstream.get(url("/virtual_numbers"), json={"data": []})

    response = keyed.get(reverse("virtual_numbers:list"))

    assert b"No numbers yet" in response.content
    assert reverse("virtual_numbers:available").encode() in response.content


def test_list_escapes_names_from_upstream(keyed, upstream):
    upstream.get(url("/virtual_numbers"), json={"data": [number_json(name="<script>x</script>")]})

    html = keyed.get(reverse("virtual_numbers:list")).content.decode()

    assert "<script>x" not in html and "&lt;script&gt;x&lt;/script&gt;" in html


def test_list_needs_a_signed_in_user(client, db):
    response = client.get(reverse("virtual_numbers:list"))

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
