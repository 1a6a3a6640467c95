"""The embedded SQLite database takes its write lock when a transaction begins; PostgreSQL
connections compile no JIT."""

import pytest
from django.conf import settings
from django.db import connection


def test_sqlite_writers_lock_at_begin_and_other_databases_keep_their_defaults():
    options = settings.DATABASES["default"].get("OPTIONS", {})
    if connection.vendor == "sqlite":
        # Deferred read-then-write transactions can deadlock; SQLite then fails one at once.
        assert options["transaction_mode"] == "IMMEDIATE"
        assert options["timeout"] >= 20
    else:
        assert "transaction_mode" not in options


@pytest.mark.django_db
def test_postgresql_connections_compile_no_jit():
    if connection.vendor != "postgresql":
        assert "options" not in settings.DATABASES["default"].get("OPTIONS", {})
        return
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
