"""Two console instances and one worker, run as production runs them, for test_two_instances.py.

Closest to production that runs on one machine without Docker: every console process is started
by the image's entrypoint (docker/entrypoint.sh web|worker) with production settings — gunicorn,
HTTPS (a throwaway certificate), Secure cookies, manifest static files — on one scratch PostgreSQL
database, one Redis database (cache and login throttle) and one bucket on moto's S3 server. Each
process has its own CONSOLE_VAR_DIR and TMPDIR, as separate machines have separate disks.
Production settings refuse a plain-HTTP upstream, so the sandbox runs standalone
(console.settings.sandbox) under gunicorn on HTTPS too, trusted through REQUESTS_CA_BUNDLE.
"""

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

import requests

from tests.deploy.processes import ROOT, Started, clean_env, free_port, run_manage, wait_until
from tests.deploy.services import production_env
from tests.deploy.tls import self_signed

ENTRYPOINT = str(ROOT / "docker" / "entrypoint.sh")
BIN = Path(sys.executable).parent
PASSWORD = "two-instances-password-1"
ADD_USERS = """
import json, os
from django.contrib.auth import get_user_model
from apps.accounts.models import save_api_key
for name, key in json.loads(os.environ["DEPLOY_USERS"]):
    user = get_user_model().objects.create_user(name, password=%r)
    if key:
        save_api_key(user, key, projects_seen=1)
""" % PASSWORD


@dataclass
class World:
    """The running set: instance URLs, the shared environment, the sandbox's keys."""

    scratch: Path
    cert: Path
    env: dict
    sandbox: str
    keys: dict
    urls: list = field(default_factory=list)
    processes: list = field(default_factory=list)

    def browser(self):
        return Browser(self.cert)

    def sandbox_get(self, path, key):
        answer = requests.get(f"{self.sandbox}{path}", headers={"Authorization": f"Bearer {key}"},
                              verify=str(self.cert), timeout=10)
        answer.raise_for_status()
        return answer.json()

    def stop(self):
        for process in reversed(self.processes):
            process.stop()


class Browser:
    """A requests session speaking to the instances as a browser would (HTTPS, CSRF token and
    Referer on every write)."""

    def __init__(self, cert):
        self.session = requests.Session()
        self.session.trust_env = False  # else REQUESTS_CA_BUNDLE would win over `verify`
        self.session.verify = str(cert)

    def get(self, url, **kwargs):
        return self.session.get(url, timeout=30, **kwargs)

    def post(self, url, data=None, *, referer, **kwargs):
        data = dict(data or {}, csrfmiddlewaretoken=self.csrf_token())
        return self.session.post(url, data=data, headers={"Referer": referer}, timeout=60,
                                 allow_redirects=False, **kwargs)

    def csrf_token(self):
        return self.session.cookies.get("csrftoken", "")

    def log_in(self, base, username, password=PASSWORD):
        self.get(f"{base}/accounts/login/")
        return self.post(f"{base}/accounts/login/", {"username": username, "password": password},
                         referer=f"{base}/accounts/login/")


def sandbox_process(scratch, cert, key):
    """Start the standalone sandbox on HTTPS; return (Started, base URL, its keys)."""
    env = clean_env(DJANGO_SETTINGS_MODULE="console.settings.sandbox",
                    CONSOLE_VAR_DIR=str(scratch / "sandbox"),
                    SANDBOX_DATABASE_URL=f"sqlite:///{scratch / 'sandbox.sqlite3'}",
                    SANDBOX_RATE_LIMIT_PER_MINUTE="0", SANDBOX_PROCESSING_SECONDS="0")
    run_manage("migrate", "--noinput", env=env)
    keys = json.loads(run_manage("sandbox_keys", env=env))  # seeds the demo data first
    port = free_port()
    process = Started([str(BIN / "gunicorn"), "console.wsgi", "--bind", f"127.0.0.1:{port}",
                       "--certfile", str(cert), "--keyfile", str(key), "--no-control-socket",
                       "--worker-class", "gthread", "--threads", "8"],
                      env=env, name="sandbox")
    process.wait_for_line(r"Listening at")
    return process, f"https://127.0.0.1:{port}/api/v1/public", keys


def console_env(scratch, cert, sandbox, *, database_url, cache_url, storage_url, s3_env):
    """The environment every console process shares (its own var dir added per process)."""
    return production_env(
        DATABASE_URL=database_url, CACHE_URL=cache_url, AUDIO_STORAGE_URL=storage_url, **s3_env,
        IDENTITYCALL_BASE_URL=sandbox, REQUESTS_CA_BUNDLE=str(cert), ALLOWED_HOSTS="127.0.0.1",
        STATIC_ROOT=str(scratch / "static"), LOGIN_THROTTLE_USER_LIMIT="3",
        JOBS_BEAT_SECONDS="0.5", WEB_WORKERS="2", WEB_THREADS="4", XDG_RUNTIME_DIR=None,
    )


def own_machine(env, scratch, name, **extra):
    """`env` with a var dir, temp dir and home of this process's own (a machine of its own)."""
    home = scratch / name
    home.mkdir()
    return {**env, "CONSOLE_VAR_DIR": str(home / "var"), "TMPDIR": str(home / "tmp"),
            "HOME": str(home), **extra}


def start_world(scratch, *, database_url, cache_url, storage_url, s3_env, users):
    """Start the sandbox, migrate, add `users` ([(name, sandbox key name or None)]), then two
    instances and one worker; return the World (stop() it afterwards)."""
    cert, key = self_signed(scratch)
    sandbox, sandbox_url, keys = sandbox_process(scratch, cert, key)
    world = World(scratch=scratch, cert=cert, sandbox=sandbox_url, keys=keys, processes=[sandbox],
                  env=console_env(scratch, cert, sandbox_url, database_url=database_url,
                                  cache_url=cache_url, storage_url=storage_url, s3_env=s3_env))
    try:
        setup = own_machine(world.env, scratch, "setup")
        run_manage("migrate", "--noinput", env=setup)
        run_manage("collectstatic", "--noinput", "-v0", env=setup)
        chosen = [(name, keys[key_name] if key_name else None) for name, key_name in users]
        run_manage("shell", "--no-imports", "-c", ADD_USERS,
                   env={**setup, "DEPLOY_USERS": json.dumps(chosen)})
        for name in ("a", "b"):
            port = free_port()
            env = own_machine(world.env, scratch, name, PORT=str(port))
            web = Started([ENTRYPOINT, "web", "--certfile", str(cert), "--keyfile", str(key)],
                          env=env, name=f"instance {name}")
            world.processes.append(web)
            world.urls.append(f"https://127.0.0.1:{port}")
        worker = Started([ENTRYPOINT, "worker"], env=own_machine(world.env, scratch, "worker"),
                         name="worker")
        world.processes.append(worker)
        for url in world.urls:
            wait_until(lambda: _healthy(url, cert), timeout=60, what=f"{url}/healthz")
        wait_until(lambda: _healthy(world.urls[0], cert, worker=True), timeout=60,
                   what="the worker's heartbeat")
    except BaseException:
        world.stop()
        raise
    return world


def _healthy(url, cert, worker=False):
    try:
        answer = requests.get(f"{url}/healthz", verify=str(cert), timeout=5)
    except requests.RequestException:
        return False
    return answer.status_code == 200 and (not worker or answer.json()["worker"]["alive"])
