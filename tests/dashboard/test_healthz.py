"""/healthz answers for load balancers: the database only, never IdentityCall, no login."""

from types import SimpleNamespace

from django.db import OperationalError

from tests.factories import make_user


def test_healthz_answers_anonymously_without_calling_identitycall(client, db, upstream):
    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["worker"] == {"heartbeat_age_seconds": None, "alive": False}
    assert body["queue"] == {"ready": 0, "waiting": 0, "running": 0}
    assert len(upstream.calls) == 0
    assert "no-cache" in response["Cache-Control"]


def test_healthz_is_not_redirected_for_a_signed_in_user_without_a_key(client, db, upstream):
    client.force_login(make_user())
    assert client.get("/healthz").status_code == 200


def test_healthz_says_503_when_the_database_does_not_answer(client, db, monkeypatch):
    def broken_cursor():
        raise OperationalError("database is gone")

    monkeypatch.setattr("apps.dashboard.views.connection", SimpleNamespace(cursor=broken_cursor))

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["status"] == "error"


def test_healthz_only_answers_get(client, db):
    assert client.post("/healthz").status_code == 405
