"""Production: every secret comes from the environment, HTTPS only, no sandbox."""

from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

from console.env import env_bool, env_int, env_list, env_str

from .base import *  # noqa: F403
from .base import cache_from_url, mailer_from_env

DEBUG = False
SECRET_KEY = env_str("SECRET_KEY", required=True)
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
    raise ImproperlyConfigured("SECRET_KEY must be at least 50 random characters.")

FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEYS", required=True)
for _position, _key in enumerate(FIELD_ENCRYPTION_KEYS, start=1):
    try:
        Fernet(_key)
    except ValueError:
        raise ImproperlyConfigured(
            f"FIELD_ENCRYPTION_KEYS entry {_position} is not a Fernet key "
            "(32 url-safe base64-encoded bytes; see README.md)."
        ) from None

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", required=True)
IDENTITYCALL_BASE_URL = env_str("IDENTITYCALL_BASE_URL", "https://api.identitycall.ai/api/v1/public")
if not IDENTITYCALL_BASE_URL.startswith("https://"):
    raise ImproperlyConfigured("IDENTITYCALL_BASE_URL must be an https:// address in production.")

# The login throttle counts failures in the cache: every server process (gunicorn's workers, every
# instance) must count in the same place, so never in one process's memory. Without CACHE_URL
# the database holds the cache; the server's first log line says which one is in use.
_cache_url = env_str("CACHE_URL", "db://")
if _cache_url.startswith("locmem:"):
    raise ImproperlyConfigured(
        "CACHE_URL=locmem:// keeps a separate cache in every server process, so each would count "
        "failed logins on its own: in production set CACHE_URL to a shared Redis "
        "(redis://host:6379/0), or leave it unset to keep the cache in the database."
    )
CACHES = {"default": cache_from_url(_cache_url)}

# The default storage stays base's (this disk, or the bucket AUDIO_STORAGE_URL names).
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# Behind a TLS-terminating proxy that sets X-Forwarded-Proto.
if env_bool("TRUST_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SANDBOX_ENABLED = False
# E-mail by SMTP: EMAIL_HOST…, else a mail server on this machine (port 25), never the console.
MAILERS = {"default": mailer_from_env(fallback={
    "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "OPTIONS": {"host": "localhost", "port": 25},
})}
if env_str("EMAIL_HOST") and not env_str("DEFAULT_FROM_EMAIL"):
    raise ImproperlyConfigured("Set DEFAULT_FROM_EMAIL (the sender of notification e-mails).")
if CONSOLE_PUBLIC_URL and not CONSOLE_PUBLIC_URL.startswith("https://"):  # noqa: F405
    raise ImproperlyConfigured("CONSOLE_PUBLIC_URL must be an https:// address in production.")
# The container's health check speaks plain HTTP from inside; everything else is redirected.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
