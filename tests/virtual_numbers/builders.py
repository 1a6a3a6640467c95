"""Builders of IdentityCall virtual-number JSON and helpers reading what the console sent."""

import json

from tests.factories import BASE


def url(path):
    """Return the absolute upstream URL of an API path like "/virtual_numbers"."""
    return BASE + path


def sent(call):
    """Return the JSON body a recorded upstream call sent."""
    return json.loads(call.request.body)


def calls_to(mock, method, path):
    """Return the recorded calls with this method whose URL path ends with `path`."""
    return [
        call
        for call in mock.calls
        if call.request.method == method and call.request.url.split("?")[0].endswith(path)
    ]


def operator_json(id=22, name="Greta Hall", phone="+14155550199", initials=None, priority=None):
    data = {
        "id": id,
        "name": name,
        "phone_number": phone,
        "initials": initials or "".join(word[0] for word in name.split()[:2]).upper(),
    }
    if priority is not None:
        data["priority"] = priority
    return data


def number_json(**overrides):
    """Return a virtual number in short (list/purchase) form."""
    data = {
        "id": 9,
        "phone_number": "+14155550100",
        "name": "US Sales Line",
        "country_code": "US",
        "active": True,
        "ai_receptionist_enabled": False,
        "operators": [
            operator_json(1, "Jane Doe"),
            operator_json(2, "Aldona Petrauskaitė"),
            operator_json(3, "Bo Li"),
        ],
        "operators_count": 5,
    }
    data.update(overrides)
    return data


def detail_json(**overrides):
    """Return a virtual number in detail form."""
    data = {
        "id": 9,
        "phone_number": "+14155550100",
        "name": "US Sales Line",
        "country_code": "US",
        "active": True,
        "ai_receptionist_enabled": False,
        "recording": True,
        "routing_strategy": "priority",
        "stats": {
            "total_calls": 40,
            "answered_calls": 30,
            "missed_calls": 10,
            "average_duration_seconds": 213,
        },
        "operators": [
            operator_json(2, "Bo Li", "+14155550102", priority=1),
            operator_json(1, "Jane Doe", "+14155550101", priority=0),
        ],
        "available_operators": [operator_json(22, "Greta Hall", "+14155550199")],
        "recent_calls": [
            {
                "id": 9981,
                "phone_number": "+14155550142",
                "caller_name": "Sam Caller",
                "call_status": "answered",
                "call_duration": 213,
                "direction": "inbound",
                "ai_handled": False,
                "transcript_summary": "Asked about <b>pricing</b>.",
                "created_at": "2026-04-15T10:00:00Z",
            }
        ],
    }
    data.update(overrides)
    return data


def offer_json(phone="+14155550123", region="CA", features=("sms", "voice"), **overrides):
    """Return one entry of GET /virtual_numbers/available."""
    data = {
        "phone_number": phone,
        "country_code": "US",
        "number_type": "mobile",
        "upfront_cost": "1.00",
        "monthly_cost": "1.15",
        "features": list(features),
        "region_information": [{"region_type": "state", "region_name": region}],
    }
    data.update(overrides)
    return data


def inventory(*offers):
    """Return a GET /virtual_numbers/available body."""
    return {"data": list(offers) or [offer_json()]}
