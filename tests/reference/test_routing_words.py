"""How both sides of routing name numbers and operators."""

from types import SimpleNamespace as Thing

from apps.reference.routing import number_label, operator_label, operator_name


def test_a_number_is_labelled_by_its_phone_and_its_name():
    assert number_label(Thing(id=9, phone_number="+12015550123", name="US Sales Line")) == (
        "+1 201-555-0123 · US Sales Line"
    )
    assert number_label(Thing(id=9, phone_number="+12015550123", name=None)) == "+1 201-555-0123"
    assert number_label(Thing(id=9, phone_number=None, name=None)) == "Number 9"


def test_an_operator_is_labelled_by_name_and_phone():
    greta = Thing(id=4, name="Greta Jones", phone_number="+14155550199")

    assert operator_label(greta) == "Greta Jones · +1 415-555-0199"


def test_an_operator_is_named_from_a_list_or_called_the_operator():
    operators = [Thing(id=4, name="Greta Jones"), Thing(id=5, name=None)]

    assert operator_name(operators, 4) == "Greta Jones"
    assert operator_name(operators, 5) == "the operator"
    assert operator_name(operators, 6) == "the operator"
