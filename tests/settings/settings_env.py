"""Environments and subprocess runners for the settings tests: each start is a fresh process."""

import os
import subprocess
import sys
from pathlib import Path

from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parents[2]


def production_env(**overrides):
    """Return os.environ with a valid production configuration; None in overrides unsets."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    for name in ("CACHE_URL", "DATABASE_URL", "IDENTITYCALL_BASE_URL", "DEBUG"):
        env.pop(name, None)  # what the test runner's environment set must not leak in
    env.update(
        DJANGO_SETTINGS_MODULE="console.settings.production",
        SECRET_KEY="p7Qk2vX9mZ4rT8wL1nB6yH3cF5jD0sG-aE_uK7iO2pR9tY4xV6zM8qW1",
        FIELD_ENCRYPTION_KEYS=Fernet.generate_key().decode(),
        ALLOWED_HOSTS="console.example.com",
        CONSOLE_VAR_DIR=str(ROOT / "var" / "prod-check"),
    )
    env.update(overrides)
    return {key: value for key, value in env.items() if value is not None}


def manage(*args, env):
    """Run manage.py in a fresh process; return the CompletedProcess (text output)."""
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=120,
    )


def python(code, *, env):
    """Run `python -c code` from the checkout in a fresh process; return the CompletedProcess."""
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=120,
    )
