"""Settings shared by every environment; each value can be overridden from the environment."""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from console.env import env_bool, env_float, env_int, env_list, env_str
from console.object_storage import default_storage_from_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("CONSOLE_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "apps.accounts.admin_site.ConsoleAdminConfig",  # django.contrib.admin, login throttled
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_tasks_db",
    "apps.frame",
    "apps.accounts",
    "apps.dashboard",
    "apps.identitycall",
    "apps.recordings",
    "apps.projects",
    "apps.virtual_numbers",
    "apps.operators",
    "apps.audit",
    "apps.jobs",
    "apps.notifications",
    "django.contrib.postgres",  # the index's full-text search on PostgreSQL; inert on SQLite
    "apps.index",
    "apps.team",
    "django_otp",  # two-factor sign-in (apps/accounts/two_factor.py)
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",  # recovery codes
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "apps.accounts.sessions.SessionRenewalMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django_otp.middleware.OTPMiddleware",  # user.is_verified(): the code step was passed
    "apps.accounts.two_factor.SecondFactorMiddleware",  # no page before the code step
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "apps.accounts.middleware.ApiKeyRequiredMiddleware",
    "apps.accounts.roles.RoleRequiredMiddleware",  # every view's team role (role_rules.py)
    "apps.frame.middleware.UpstreamErrorMiddleware",
]

ROOT_URLCONF = "console.urls"
WSGI_APPLICATION = "console.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

if not env_str("DATABASE_URL"):
    VAR_DIR.mkdir(parents=True, exist_ok=True)  # the embedded SQLite database lives here
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'console.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60, minimum=0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Writers take SQLite's lock when their transaction begins, and wait up to 20 s for it: a
    # deferred transaction that reads, then writes, can deadlock with another writer, and SQLite
    # then fails one of them at once (Django's database cache would drop that write silently).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        transaction_mode="IMMEDIATE", timeout=20
    )
elif DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # No JIT compiling: the console's queries are short, and a search whose plan the planner
    # over-costs (a phrase in very long calls, apps/index/fts.py) spent 100 ms compiling what ran
    # in 4 (bench/RESULTS.md). `?options=…` in DATABASE_URL replaces this.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


# The database cache's table; `migrate` creates it (apps/accounts/migrations/0002_cache_table.py).
CACHE_TABLE = "console_cache"


def cache_from_url(url):
    """Return a CACHES entry for a `redis://`, `rediss://` or `unix://` URL, `db://` (the
    database) or `locmem://` (this process's memory); raise ImproperlyConfigured otherwise."""
    if url.startswith(("redis://", "rediss://", "unix://")):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if url == "db://":
        return {
            "BACKEND": "apps.accounts.dbcache.DatabaseCache",  # incr() fit for the throttle
            "LOCATION": CACHE_TABLE,
            # Past MAX_ENTRIES Django deletes a third of the entries, login-throttle counts among
            # them: at the default 300, guesses at many usernames would wipe the counts.
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    if url == "locmem://":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "console"}
    # Not echoed: a Redis URL may hold a password.
    raise ImproperlyConfigured(
        "CACHE_URL must be redis://…, rediss://… or unix://… (Redis), db:// (the database) "
        "or locmem:// (one process's memory, development only); see README.md."
    )


CACHES = {"default": cache_from_url(env_str("CACHE_URL", "locmem://"))}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/accounts/login/"

# Failed logins, counted in the cache (shared by every instance when CACHE_URL is Redis): after
# USER_LIMIT failures for one username, or ADDRESS_LIMIT from one client address, within WINDOW
# seconds, the login form refuses without checking the password until the window ends. Behind a
# reverse proxy set TRUST_X_FORWARDED_FOR=1 so the address is the one the proxy saw.
LOGIN_THROTTLE_USER_LIMIT = env_int("LOGIN_THROTTLE_USER_LIMIT", 5, minimum=1)
LOGIN_THROTTLE_ADDRESS_LIMIT = env_int("LOGIN_THROTTLE_ADDRESS_LIMIT", 20, minimum=1)
LOGIN_THROTTLE_WINDOW_SECONDS = env_int("LOGIN_THROTTLE_WINDOW_SECONDS", 15 * 60, minimum=1)
LOGIN_THROTTLE_TRUST_X_FORWARDED_FOR = env_bool("TRUST_X_FORWARDED_FOR", False)

# Sessions end after this many seconds without a request: requests renew the session and its
# cookie, at most once a minute (apps/accounts/sessions.py), not on every request.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_TIMEOUT", 8 * 3600, minimum=60)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie; kept default.

LANGUAGE_CODE = "en-us"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"  # never served directly: audio goes through a permission-checked view
# Kept audio (and whatever else the console stores as files) is in STORAGES["default"]: this
# machine's disk under MEDIA_ROOT, or with AUDIO_STORAGE_URL=s3://bucket?endpoint_url=…&region=…
# &prefix=… a bucket every instance shares, credentials from AWS_ACCESS_KEY_ID and
# AWS_SECRET_ACCESS_KEY (console/object_storage.py; README, "Kept audio on S3-compatible storage").
STORAGES = {
    "default": default_storage_from_url(env_str("AUDIO_STORAGE_URL")),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_MAX_AGE = 3600
FILE_UPLOAD_TEMP_DIR = env_str("FILE_UPLOAD_TEMP_DIR")

# Limits on what one signed-in user can make a server hold (README: Configuration). The no-JS
# upload form posts every file in one request: at most UPLOAD_MAX_FILES files and
# UPLOAD_MAX_REQUEST_BYTES in all. A browser that stops sending an upload's body for
# UPLOAD_STALL_SECONDS frees the server thread waiting for it.
UPLOAD_MAX_FILES = env_int("UPLOAD_MAX_FILES", 20, minimum=1)
UPLOAD_MAX_REQUEST_BYTES = env_int("UPLOAD_MAX_REQUEST_BYTES", 2 * 1024**3, minimum=1024**2)
UPLOAD_STALL_SECONDS = env_float("UPLOAD_STALL_SECONDS", 60.0, minimum=1.0)
# Days the console keeps its copy of uploaded audio (`manage.py prune_audio` deletes older
# copies); unset or 0 keeps every copy until its recording is deleted.
AUDIO_RETENTION_DAYS = env_int("AUDIO_RETENTION_DAYS", 0, minimum=0) or None

# Background work (docs/architecture.md, "Background work"): django.tasks on django-tasks-db's
# database queue, run by `manage.py worker` (as many as you like, on any machine sharing the
# database). Each periodic task ({task path: seconds}) is enqueued once per period by one worker.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
JOBS_BEAT_SECONDS = env_float("JOBS_BEAT_SECONDS", 5.0, minimum=0.1)
# A worker silent for this long is lost: the tasks it was running go back to the queue.
JOBS_WORKER_LOST_SECONDS = env_int("JOBS_WORKER_LOST_SECONDS", 120, minimum=2)
# Failures that may pass (5xx, dropped connections) are tried again after 5 s, 10 s, 20 s …
# (at most JOBS_RETRY_MAX_SECONDS), JOBS_MAX_ATTEMPTS tries in all; a 429 waits Retry-After.
JOBS_RETRY_BASE_SECONDS = env_float("JOBS_RETRY_BASE_SECONDS", 5.0, minimum=0.0)
JOBS_RETRY_MAX_SECONDS = env_float("JOBS_RETRY_MAX_SECONDS", 600.0, minimum=0.0)
JOBS_MAX_ATTEMPTS = env_int("JOBS_MAX_ATTEMPTS", 6, minimum=1)
JOBS_MAX_RATE_LIMITED_ATTEMPTS = env_int("JOBS_MAX_RATE_LIMITED_ATTEMPTS", 50, minimum=1)
# Finished task results are kept this many days (failed ones twice as long), then pruned.
JOBS_RESULT_DAYS = env_int("JOBS_RESULT_DAYS", 7, minimum=1)
PERIODIC_TASKS = {
    "apps.jobs.tasks.prune_task_results": 3600,
    # Recordings uploaded through the console are followed until they finish, then their uploader
    # is told (apps/recordings/watching.py); kept audio past AUDIO_RETENTION_DAYS is pruned.
    "apps.recordings.watching.watch_recordings": env_int("WATCH_INTERVAL_SECONDS", 30, minimum=1),
    # Sent queued uploads are forgotten a day later (apps/recordings/tasks.py).
    "apps.recordings.tasks.prune_queued_uploads": 3600,
}
# The index behind search and insights (apps/index; README, "The index"): each key's
# recordings are synced in the background at most INDEX_REQUESTS_PER_MINUTE (default half of the
# Free plan's 60), a new walk every INDEX_SYNC_INTERVAL_SECONDS; INDEX_ENABLED=0 switches it off.
INDEX_ENABLED = env_bool("INDEX_ENABLED", True)
INDEX_REQUESTS_PER_MINUTE = env_int("INDEX_REQUESTS_PER_MINUTE", 30, minimum=6)
INDEX_SYNC_INTERVAL_SECONDS = env_int("INDEX_SYNC_INTERVAL_SECONDS", 600, minimum=10)
if INDEX_ENABLED:
    PERIODIC_TASKS["apps.index.tasks.sync_indexes"] = env_int(
        "INDEX_TICK_SECONDS", 5, minimum=1
    )
if AUDIO_RETENTION_DAYS:
    PERIODIC_TASKS["apps.recordings.retention.prune_kept_audio"] = env_int(
        "AUDIO_PRUNE_INTERVAL_SECONDS", 6 * 3600, minimum=60
    )

# E-mail, for users who opt in to hearing that a recording finished (apps/notifications): by SMTP
# when EMAIL_HOST is set, otherwise Django's console backend prints it in the worker's output.
# Django 6.1's MAILERS (its EMAIL_HOST… settings are deprecated); the variables keep their names.
# CONSOLE_PUBLIC_URL (https://console.example.com) makes the e-mails' links absolute.
def mailer_from_env(fallback=None):
    """Return MAILERS["default"]: SMTP from EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER,
    EMAIL_HOST_PASSWORD, EMAIL_USE_TLS / EMAIL_USE_SSL and EMAIL_TIMEOUT; without EMAIL_HOST,
    `fallback`, else the console backend."""
    host = env_str("EMAIL_HOST")
    if not host:
        return fallback or {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    use_ssl = env_bool("EMAIL_USE_SSL", False)  # TLS from the first byte (port 465)
    use_tls = env_bool("EMAIL_USE_TLS", not use_ssl)  # STARTTLS (port 587)
    if use_ssl and use_tls:
        raise ImproperlyConfigured("Set only one of EMAIL_USE_TLS and EMAIL_USE_SSL.")
    return {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": host,
            "port": env_int("EMAIL_PORT", 465 if use_ssl else 587, minimum=1),
            "username": env_str("EMAIL_HOST_USER", ""),
            "password": env_str("EMAIL_HOST_PASSWORD", ""),
            "use_tls": use_tls,
            "use_ssl": use_ssl,
            "timeout": env_float("EMAIL_TIMEOUT", 10.0, minimum=1.0),
        },
    }


MAILERS = {"default": mailer_from_env()}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "IdentityCall Console <console@localhost>")
CONSOLE_PUBLIC_URL = env_str("CONSOLE_PUBLIC_URL", "")

# Teams (apps/accounts/roles.py): the role of a user created outside an invitation (the Django
# admin); `createsuperuser` users are always Admin.
CONSOLE_DEFAULT_ROLE = env_str("CONSOLE_DEFAULT_ROLE", "member")
# Two-factor sign-in: when on, an admin without it is sent to turn it on before any page.
REQUIRE_2FA_FOR_ADMINS = env_bool("REQUIRE_2FA_FOR_ADMINS", False)
OTP_TOTP_ISSUER = "IdentityCall Console"
# How long an invitation link works (seconds; a week).
TEAM_INVITATION_MAX_AGE = env_int("TEAM_INVITATION_MAX_AGE", 7 * 24 * 3600, minimum=60)
if CONSOLE_DEFAULT_ROLE not in ("viewer", "member", "admin"):
    raise ImproperlyConfigured("CONSOLE_DEFAULT_ROLE must be viewer, member or admin.")

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No inline scripts or styles anywhere: htmx is configured through a meta tag.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "media-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# IdentityCall: the upstream every console page talks to.
IDENTITYCALL_BASE_URL = env_str("IDENTITYCALL_BASE_URL", "https://api.identitycall.ai/api/v1/public")
IDENTITYCALL_CONNECT_TIMEOUT = env_float("IDENTITYCALL_CONNECT_TIMEOUT", 3.05, minimum=0.1)
IDENTITYCALL_READ_TIMEOUT = env_float("IDENTITYCALL_READ_TIMEOUT", 20.0, minimum=0.1)
IDENTITYCALL_UPLOAD_READ_TIMEOUT = env_float("IDENTITYCALL_UPLOAD_READ_TIMEOUT", 300.0, minimum=1.0)
IDENTITYCALL_POOL_SIZE = env_int("IDENTITYCALL_POOL_SIZE", 16, minimum=1)

# MultiFernet keys for stored API keys: the first encrypts, every one decrypts.
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEYS")

SANDBOX_ENABLED = False

LOG_LEVEL = env_str("LOG_LEVEL", "INFO")


def _logged_path(record):
    """Return the path a request-log record is about: django.request carries the request,
    django.server (runserver's access log) only the request line as its first argument."""
    path = getattr(getattr(record, "request", None), "path", None)
    if not isinstance(path, str):
        args = record.args if isinstance(record.args, tuple) else ()
        words = str(args[0]).split(" ") if args else []
        path = words[1] if len(words) == 3 else ""
    return path.partition("?")[0]


def _not_sandbox_noise(record):
    """Return False for the in-process sandbox's answers below 500 in the request logs.

    The sandbox stands in for IdentityCall inside the console's process, so django.request and
    runserver would log its answers as if they were the console's: a pending recording's expected
    422 "not ready yet" (docs/api-decisions.md, "Analysis before processing completes") or a key
    probe's expected 403 would read as the console's warnings. The client already logs every call
    and its status once (the "identitycall" logger); the console's own 4xx and 5xx, and the
    sandbox's 5xx, are still logged here.
    """
    if not _logged_path(record).startswith("/sandbox/"):
        return True
    status = getattr(record, "status_code", None)
    return not (isinstance(status, int) and status < 500)


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {
        "sandbox_noise": {"()": "django.utils.log.CallbackFilter", "callback": _not_sandbox_noise},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # Records reach the "django" handler above; the filter only drops the sandbox's noise.
        "django.request": {"filters": ["sandbox_noise"]},
        "django.server": {"filters": ["sandbox_noise"]},
        "identitycall": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        "apps": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
    },
}
