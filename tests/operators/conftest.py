"""Fixtures and JSON builders for the operators view tests: a keyed user and a faked upstream."""

from tests.factories import BASE


def operator_json(**overrides):
    """Return one operator in detail form (GET /operators/:id); overrides replace any field."""
    data = {
        "id": 22,
        "name": "Aldona Petrauskaitė",
        "phone_number": "+37060012345",
        "email": "aldona@example.com",
        "active": True,
        "initials": "AP",
        "virtual_numbers": [
            {"id": 9, "phone_number": "+12015550123", "name": "US Sales Line", "active": True}
        ],
    }
    data.update(overrides)
    return data


def list_item_json(**overrides):
    """Return one operator in the list form GET /operators sends."""
    data = operator_json(**overrides)
    numbers = data.pop("virtual_numbers")
    data.setdefault("virtual_numbers_count", len(numbers))
    return data


def number_json(**overrides):
    """Return one virtual number in the short form GET /virtual_numbers sends."""
    data = {
        "id": 9,
        "phone_number": "+12015550123",
        "name": "US Sales Line",
        "country_code": "US",
        "active": True,
        "ai_receptionist_enabled": False,
        "operators": [],
        "operators_count": 0,
    }
    data.update(overrides)
    return data


def number_detail_json(**overrides):
    """Return one virtual number in detail form (add_operator, remove_operator answers)."""
    data = number_json(**overrides)
    data.pop("operators_count")
    data.setdefault("recording", True)
    data.setdefault("routing_strategy", "priority")
    data.setdefault("available_operators", [])
    data.setdefault("recent_calls", [])
    return data


def url(path):
    """Return the upstream address of an API path like "/operators/22"."""
    return BASE + path
