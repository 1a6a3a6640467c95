"""The filters `{% load frame %}` gives every section: phones, countries, languages."""

from django.template import Context, Template


def render(source, **context):
    return Template("{% load frame %}" + source).render(Context(context))


def test_phones_countries_and_languages_read_as_people_write_them():
    assert render("{{ value|phone }}", value="+14155550100") == "+1 415-555-0100"
    lithuania = "Lithuania \U0001f1f1\U0001f1f9"
    assert render("{{ code|country_name }} {{ code|flag }}", code="lt") == lithuania
    assert render("{{ code|language_name }}", code="en") == "English (en)"


def test_what_cannot_be_read_is_shown_as_given_and_escaped():
    assert render("{{ value|phone }}", value="<b>call me</b>") == "&lt;b&gt;call me&lt;/b&gt;"
    assert render("[{{ value|phone }}{{ value|country_name }}{{ value|language_name }}]",
                  value=None) == "[]"
