"""Real processes for the deployment tests: servers and workers started as an operator starts them,
each in a fresh interpreter, their output collected line by line."""

import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MANAGE = str(ROOT / "manage.py")
# What the test runner set for itself and a started process must not inherit.
RUNNER_ONLY = ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "CACHE_URL", "IDENTITYCALL_BASE_URL",
               "AUDIO_STORAGE_URL", "PORT", "DEBUG")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def clean_env(**overrides):
    """os.environ without the runner's own settings; `overrides` added (None unsets)."""
    env = {key: value for key, value in os.environ.items() if key not in RUNNER_ONLY}
    env.update(PYTHONUNBUFFERED="1", **overrides)
    return {key: value for key, value in env.items() if value is not None}


def wait_until(check, *, timeout, what, every=0.1):
    """Poll `check` until it returns something true; return that, or fail naming `what`."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"after {timeout} s still waiting for {what}")
        time.sleep(every)


class Started:
    """A started process whose merged stdout/stderr is read by a thread into `lines`."""

    def __init__(self, args, *, env, name="process", new_session=False):
        self.name = name
        self.proc = subprocess.Popen(
            args, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True, bufsize=1, start_new_session=new_session,
        )
        self.pid = self.proc.pid
        self.lines = []
        self._new = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))
            self._new.put(line)
        self._new.put(None)

    def wait_for_line(self, pattern, timeout=60):
        """Return the first line (seen or still to come) matching `pattern`."""
        deadline = time.monotonic() + timeout
        seen = 0
        while True:
            for line in self.lines[seen:]:
                if re.search(pattern, line):
                    return line
            seen = len(self.lines)
            try:
                if self._new.get(timeout=max(0.01, deadline - time.monotonic())) is None:
                    if not any(re.search(pattern, line) for line in self.lines[seen:]):
                        raise AssertionError(
                            f"{self.name} ended without {pattern!r}:\n{self.tail()}")
            except queue.Empty:
                raise AssertionError(f"{self.name}: no {pattern!r} in {timeout} s:\n{self.tail()}")

    def tail(self, count=40):
        return "\n".join(self.lines[-count:])

    def stop(self, sig=signal.SIGTERM, timeout=20):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode


def manage(*args, env, name=None, new_session=False):
    """Start `manage.py args…` with `env`; return it Started."""
    return Started([sys.executable, MANAGE, *args], env=env, name=name or args[0],
                   new_session=new_session)


def run_manage(*args, env, timeout=180):
    """Run `manage.py args…` to its end; fail the test with its output when it fails."""
    done = subprocess.run([sys.executable, MANAGE, *args], cwd=ROOT, env=env, text=True,
                          capture_output=True, timeout=timeout)
    assert done.returncode == 0, f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def processes_with(variable, value):
    """{pid: command line} of this machine's processes whose environment has variable=value."""
    wanted = f"{variable}={value}".encode()
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes().split(b"\0")
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue  # gone meanwhile, or not ours to read
        if wanted in environ and state != "Z":
            found[int(entry.name)] = cmdline
    return found
