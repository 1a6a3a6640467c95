"""Rate limiting per key per minute, 429 with Retry-After in whole seconds."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_request_after_the_budget_gets_429_with_retry_after(api, api_with, settings):
    settings.SANDBOX_RATE_LIMIT_PER_MINUTE = 3
    statuses = [api.get("/projects").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = api.get("/projects")
    assert response.json() == {"error": "Rate limit exceeded"}
    assert 1 <= int(response["Retry-After"]) <= 60
    # Budgets are per key.
    assert api_with().get("/projects").status_code == 200


def test_zero_means_unlimited(api, settings):
    settings.SANDBOX_RATE_LIMIT_PER_MINUTE = 0
    assert {api.get("/projects").status_code for _ in range(30)} == {200}
