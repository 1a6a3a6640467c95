"""manage.py's default (so `make run`'s): runs with no configuration, on SQLite and the built-in
sandbox, and only for this machine. Servers (console.wsgi, console.asgi) default to production."""

from django.core.exceptions import ImproperlyConfigured

from console import devsecrets
from console.env import env_bool, env_float, env_int, env_list, env_str

from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS, INSTALLED_APPS, VAR_DIR

# These settings mount the sandbox (its keys readable by anyone who can reach it) and send cookies
# without Secure: they never answer to a public host name. "testserver": Django's test client.
_LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]", "testserver"}
if _public := [host for host in ALLOWED_HOSTS if host not in _LOOPBACK]:
    raise ImproperlyConfigured(
        "Development settings answer only on this machine: ALLOWED_HOSTS may name 127.0.0.1, "
        f"localhost and [::1], not {', '.join(_public)}; "
        "use DJANGO_SETTINGS_MODULE=console.settings.production for a public server "
        "(see README.md)."
    )

_generated = devsecrets.load_or_create(VAR_DIR)
SECRET_KEY = env_str("SECRET_KEY", _generated["secret_key"])
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEYS", [_generated["field_encryption_key"]])

# Static files straight from static/ without collectstatic (DEBUG stays off unless asked for).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# The sandbox (an offline IdentityCall emulator) is mounted under /sandbox/ and is the default
# upstream, reached over real HTTP through the console's own server.
SANDBOX_ENABLED = True
INSTALLED_APPS = [*INSTALLED_APPS, "apps.sandbox"]
CONSOLE_PORT = env_int("PORT", 8000, minimum=1)
IDENTITYCALL_BASE_URL = env_str(
    "IDENTITYCALL_BASE_URL", f"http://127.0.0.1:{CONSOLE_PORT}/sandbox/api/v1/public"
)

# Sandbox behaviour (see README.md): requests per minute per key (0 = unlimited) and how long a new
# recording takes to go from pending to completed.
SANDBOX_RATE_LIMIT_PER_MINUTE = env_int("SANDBOX_RATE_LIMIT_PER_MINUTE", 300, minimum=0)
SANDBOX_PROCESSING_SECONDS = env_float("SANDBOX_PROCESSING_SECONDS", 12.0, minimum=0.0)
# Page every list (projects, operators, numbers, available numbers) by 20 with `meta`, as the API
# overview says lists may; the console must follow the pages.
SANDBOX_PAGINATE_LISTS = env_bool("SANDBOX_PAGINATE_LISTS", False)
