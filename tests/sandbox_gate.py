"""Hold the sandbox's slow answers at a gate, so a test decides when IdentityCall answers.

A sandbox Fault with `latency_ms` sleeps before answering (apps/sandbox/faults.py); under `held`
that sleep instead waits for the test to open the gate. The test then knows, without sleeping or
timing anything, that a request is waiting on IdentityCall (`waiting`), when it is answered
(`release`), and when the live server has finished that request (`finished`). Each wait gives
up after a deadline, so a broken test fails rather than hangs.
"""

import threading
from contextlib import contextmanager
from types import SimpleNamespace

from django.core.signals import request_finished

DEADLINE_SECONDS = 30


class Gate:
    def __init__(self):
        self.waiting = threading.Event()
        self.release = threading.Event()
        self.finished = threading.Event()
        self._held = 0
        self._lock = threading.Lock()

    def hold(self, _seconds):
        with self._lock:
            self._held += 1
        self.waiting.set()
        assert self.release.wait(DEADLINE_SECONDS), "the test never released the held answer"

    def request_done(self, **_kwargs):
        with self._lock:
            if self._held and self.release.is_set():
                self._held -= 1
                if not self._held:
                    self.finished.set()

    def open_and_wait(self):
        """Let the held answers go and return once the server has finished those requests."""
        self.release.set()
        assert self.finished.wait(DEADLINE_SECONDS), "the held request never finished"


@contextmanager
def held(monkeypatch):
    """Yield a Gate holding every sandbox answer delayed by a fault's latency."""
    from apps.sandbox import faults

    gate = Gate()
    monkeypatch.setattr(faults, "time", SimpleNamespace(sleep=gate.hold))
    request_finished.connect(gate.request_done, dispatch_uid="sandbox-gate")
    try:
        yield gate
    finally:
        gate.release.set()
        request_finished.disconnect(dispatch_uid="sandbox-gate")
