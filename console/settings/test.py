"""The test suite: development settings, fast hashing, an upstream address no request can reach."""

from .development import *  # noqa: F403
from .development import DATABASES, VAR_DIR

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Unit tests fake this host with `responses`; browser tests point the client at the live server.
IDENTITYCALL_BASE_URL = "https://identitycall.test/api/v1/public"
# A file, not :memory:, so the live server's threads (console and sandbox) share one database.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
MEDIA_ROOT = VAR_DIR / "test-media"
SANDBOX_RATE_LIMIT_PER_MINUTE = 0  # off unless a test turns it on
SANDBOX_PROCESSING_SECONDS = 0.0
# Live-server threads must not keep connections open, or PostgreSQL cannot drop the test database.
DATABASES["default"]["CONN_MAX_AGE"] = 0
# The suite's users act as admins unless a test gives them a role (tests/accounts/test_role*.py).
CONSOLE_DEFAULT_ROLE = "admin"
