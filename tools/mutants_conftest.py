"""Copied to the root of tools/mutants.py's work tree as conftest.py (never used in the repo).

mutmut runs each mutant's tests in a forked process, two or more at once: each takes a free slot
(a lock held until the process ends) and its own test database for that slot, kept between runs
(--reuse-db), so a mutant costs its tests, not a migration.
"""

import fcntl
import os
from pathlib import Path

import pytest

_held = []


def _slot(var_dir):
    """Return the number of the first slot no other running process holds."""
    if _held and _held[0][2] == os.getpid():  # a forked child must not share its parent's slot
        return _held[0][0]
    _held.clear()
    for number in range(64):
        handle = open(var_dir / f"mutants-slot-{number}.lock", "w")  # noqa: SIM115 - held
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            continue
        _held.append((number, handle, os.getpid()))
        return number
    raise RuntimeError("no free test-database slot")


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    from django.conf import settings

    database = settings.DATABASES["default"]
    var_dir = Path(settings.VAR_DIR)
    var_dir.mkdir(parents=True, exist_ok=True)
    number = _slot(var_dir)
    test = database.setdefault("TEST", {})
    if database["ENGINE"].endswith("sqlite3"):
        test["NAME"] = str(var_dir / f"mutants-{number}.sqlite3")
    else:
        test["NAME"] = f"test_{database['NAME']}_mutants_{os.getuid()}_{number}"
