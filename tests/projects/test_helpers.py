"""The small pieces both screens share: 422 messages onto fields, the text filter, key hints."""

from types import SimpleNamespace

import pytest
from django import forms

from apps.identitycall import errors
from apps.frame.form_errors import add_api_errors
from apps.frame.key_hints import hints_for, learn_from_refusal
from apps.frame.text_filter import mark_matches


class TwoFields(forms.Form):
    retention_days = forms.IntegerField(required=False)
    name = forms.CharField(required=False)


def bound_form():
    form = TwoFields({})
    assert form.is_valid()
    return form


@pytest.mark.parametrize(
    ("message", "field", "shown"),
    [
        ("name can't be blank", "name", "Name can't be blank"),
        ("Name has already been taken", "name", "Name has already been taken"),
        (
            "retention_days must be at least 1",
            "retention_days",
            "Retention days must be at least 1",
        ),
        (
            "Retention days must be at least 1",
            "retention_days",
            "Retention days must be at least 1",
        ),
        (
            "retention_days: must be at least 1",
            "retention_days",
            "Retention days must be at least 1",
        ),
        ("names are weird", None, "names are weird"),  # "name" only as a whole word
        ("Something failed", None, "Something failed"),
    ],
)
def test_a_422_message_lands_on_the_field_it_starts_with(message, field, shown):
    form = bound_form()

    add_api_errors(form, errors.ValidationError(message, status=422, errors=[message]))

    key = field or "__all__"
    assert form.errors[key] == [shown]


def test_a_422_without_messages_gets_a_plain_sentence():
    form = bound_form()

    add_api_errors(form, errors.ValidationError(None, status=422))

    assert form.non_field_errors() == ["IdentityCall did not accept the request as sent."]


def test_the_filter_needs_every_word_in_any_case_and_keeps_the_order():
    items = [
        SimpleNamespace(name="Žalgiris Sales", lang="lt"),
        SimpleNamespace(name="Support", lang="en"),
    ]

    matches = mark_matches(items, "  SALES žalg ", ("name", "lang"))

    assert [(match.item.name, match.shown) for match in matches] == [
        ("Žalgiris Sales", True),
        ("Support", False),
    ]
    assert matches[0].text == "Žalgiris Sales lt"


def test_no_query_shows_everything():
    items = [SimpleNamespace(name="A"), SimpleNamespace(name=None)]

    assert all(match.shown for match in mark_matches(items, "", ("name",)))


@pytest.mark.django_db
def test_refusals_are_remembered_and_unknown_ones_are_not(rf, django_user_model):
    request = rf.post("/")
    request.session = {}
    request.user = django_user_model(username="x")

    assert learn_from_refusal(request, errors.PermissionDeniedError("Nope")) is None
    assert hints_for(request) == hints_for(request).__class__()
    why = learn_from_refusal(request, errors.PermissionDeniedError("Write permission required."))

    assert why == "Your API key is read-only: it does not have write permission."
    assert hints_for(request).cannot_write is True
