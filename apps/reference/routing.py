"""Routing (which operators a number rings) as both sides word it: the numbers screens and the
operators screens attach and detach the same way and say the same sentences about it."""

from apps.reference.phones import format_phone

# Said by both sides, so a person reads the same thing wherever they changed the routing.
ROUTING_ACTION = "change who answers this number"
NOT_FOUND = (
    "IdentityCall could not find this number or operator: it may have been deleted, "
    "or your key cannot see it."
)
NOT_ON_NUMBER = "That operator was not on this number any more."


def operator_name(operators, operator_id) -> str:
    """Return the name of the operator with this id among `operators`, or "the operator"."""
    found = next((op for op in operators if op.id == operator_id), None)
    return (found.name if found else None) or "the operator"


def number_label(number) -> str:
    """Return "+1 201-555-0123 · Sales line" for a virtual number (the name when it has one)."""
    phone = format_phone(number.phone_number) or f"Number {number.id}"
    return f"{phone} · {number.name}" if number.name else phone


def operator_label(operator) -> str:
    """Return "Greta Jones · +1 415-555-0199" for an operator offered in a picker."""
    return f"{operator.name} · {format_phone(operator.phone_number)}"
