"""Incoming.close(): whatever state the reader thread is in, the request's thread is let go."""

import socket
import threading

import pytest

from apps.recordings.ingest.incoming import Incoming


class QuietBody:
    """A browser that sends nothing: each read blocks until the socket is shut for reading."""

    def __init__(self):
        self.shut = threading.Event()

    def read(self, size):
        self.shut.wait(timeout=10)
        return b""


class Connection:
    """The browser's socket as gunicorn exposes it: shutting it ends a blocked read."""

    def __init__(self, body):
        self.body = body
        self.shutdowns = []

    def shutdown(self, how):
        self.shutdowns.append(how)
        self.body.shut.set()


def test_closing_an_incoming_never_started_deletes_its_temp_file(private_dirs):
    incoming = Incoming(QuietBody(), size=10, filename="call.wav")

    incoming.close()  # a failure before start() must not turn into "cannot join thread"

    assert list(private_dirs.iterdir()) == []


def test_a_reader_still_blocked_after_close_waited_is_freed_like_a_stall(settings, private_dirs):
    settings.UPLOAD_STALL_SECONDS = 0.2
    body = QuietBody()
    connection = Connection(body)
    incoming = Incoming(body, size=10, filename="call.wav", connection=connection).start()

    incoming.close()

    assert connection.shutdowns == [socket.SHUT_RD]
    assert incoming.stalled
    incoming._reader.join(timeout=5)
    assert not incoming._reader.is_alive()
    assert list(private_dirs.iterdir()) == []
