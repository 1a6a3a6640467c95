"""Small builders for the accounts, dashboard and frame tests: users, keys, upstream bodies."""

from django.contrib.auth import get_user_model

from apps.accounts.models import save_api_key

BASE = "https://identitycall.test/api/v1/public"
PASSWORD = "correct-horse-battery-9"
# 36 characters like a real key; the last four are what the console may show.
KEY = "idc_Zq7LmW2xR9tB4nK8vP3sD6hJ1cF5abcd"
OTHER_KEY = "idc_Yp6KlV1wQ8sA3mJ7uO2rC5gH0bE4wxyz"


def make_user(username="ada", password=PASSWORD, **fields):
    """Return a saved user who can log in with password."""
    return get_user_model().objects.create_user(username, password=password, **fields)


def give_key(user, key=KEY, projects_seen=2):
    """Return the ApiKey stored for user, as if IdentityCall had accepted it."""
    return save_api_key(user, key, projects_seen)


def projects_body(count):
    """Return a GET /projects body listing count projects."""
    return {"data": [{"id": n, "name": f"Project {n}"} for n in range(1, count + 1)]}


def operators_body(count):
    """Return a GET /operators body listing count operators."""
    return {
        "data": [
            {"id": n, "name": f"Operator {n}", "phone_number": f"+1555000{n:04d}"}
            for n in range(1, count + 1)
        ]
    }


def numbers_body(count):
    """Return a GET /virtual_numbers body listing count numbers."""
    return {
        "data": [
            {"id": n, "phone_number": f"+1555100{n:04d}", "name": f"Line {n}"}
            for n in range(1, count + 1)
        ]
    }


def recordings_page_body(total_count, status="completed"):
    """Return a GET /recordings?per_page=1 body: at most one item and meta counting total_count."""
    items = [{"id": 1, "name": "call.mp3", "status": status}] if total_count else []
    return {
        "data": items,
        "meta": {
            "current_page": 1,
            "per_page": 1,
            "total_pages": total_count,
            "total_count": total_count,
        },
    }
