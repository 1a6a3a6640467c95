"""Upload limits for signed-in users: files and bytes per request, and bodies that stop arriving."""

import hashlib
import re
import socket
import threading
import time
from urllib.parse import urlencode

import pytest

from apps.identitycall import errors
from apps.recordings.ingest.receiving import HashingWriter
from apps.recordings.models import StoredAudio
from tests.recordings.uploading import (
    ONE_FILE,
    PAGE,
    WAV,
    RelayingClient,
    fake_projects,
    fake_upload,
    form,
    wav,
)

KIB = 1024


# Temp uploads and kept copies in each test's own folders (tests/recordings/conftest.py).
pytestmark = pytest.mark.usefixtures("private_dirs")


@pytest.fixture
def written(monkeypatch):
    """Count the bytes the no-JavaScript upload writes to temp files as files arrive."""
    total = []
    real = HashingWriter.write

    def counting(self, chunk):
        total.append(len(chunk))
        return real(self, chunk)

    monkeypatch.setattr(HashingWriter, "write", counting)
    return total


def several(count, size=len(WAV)):
    return [wav(f"call-{n}.wav", bytes([n]) * size) for n in range(count)]


# ---- Files per request (no JavaScript) ------------------------------------------------------


def test_more_files_than_allowed_are_refused_whole_and_the_extra_ones_never_written(
    keyed, upstream, settings, private_dirs, written
):
    settings.UPLOAD_MAX_FILES = 2
    fake_projects(upstream)
    sent = fake_upload(upstream)

    response = keyed.post(PAGE, form(files=several(3), name="Kept", external_id="crm-1"))

    html = response.content.decode()
    assert response.status_code == 422
    assert "You chose 3 files; at most 2 can be sent at once. Nothing was uploaded" in html
    assert 'value="Kept"' in html and 'value="crm-1"' in html  # the form keeps its values
    assert sent == []  # nothing half-uploaded
    assert sum(written) == 2 * len(WAV)  # the third file was never written to disk
    assert list(private_dirs.iterdir()) == []
    assert not StoredAudio.objects.exists()


def test_as_many_files_as_allowed_are_uploaded(keyed, upstream, settings):
    settings.UPLOAD_MAX_FILES = 2
    fake_projects(upstream)
    sent = fake_upload(upstream)

    response = keyed.post(PAGE, form(files=several(2)))

    assert response.status_code == 302
    assert len(sent) == 2


def test_far_too_many_files_get_the_same_sentence_not_a_bad_request(keyed, upstream, settings, private_dirs):
    # Django refuses more than DATA_UPLOAD_MAX_NUMBER_FILES with a bare 400; the console stops
    # reading files before that, so the person still reads what to do.
    settings.UPLOAD_MAX_FILES = 2
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 4
    fake_projects(upstream)
    sent = fake_upload(upstream)

    response = keyed.post(PAGE, form(files=several(6)))

    html = response.content.decode()
    assert response.status_code == 422
    assert "You chose 4 or more files; at most 2 can be sent at once. Nothing was uploaded" in html
    assert sent == []
    assert list(private_dirs.iterdir()) == []


# ---- Bytes per request ----------------------------------------------------------------------


def test_a_request_over_the_byte_limit_is_refused_before_a_byte_is_read(
    keyed, upstream, settings, private_dirs, written
):
    settings.UPLOAD_MAX_REQUEST_BYTES = 100 * KIB
    fake_projects(upstream)
    sent = fake_upload(upstream)

    response = keyed.post(PAGE, form(files=several(3, size=40 * KIB)))

    html = response.content.decode()
    assert response.status_code == 413
    # The request's size: the files and the form around them.
    assert re.search(r"These files come to 12\d\.\d\xa0KB; at most 100\.0\xa0KB can be sent at once\.", html)
    assert "Nothing was uploaded" in html
    assert '<form class="form upload-form"' in html  # the form, ready for fewer files
    assert written == [] and sent == []
    assert list(private_dirs.iterdir()) == []


def test_one_file_over_the_byte_limit_is_refused_before_it_is_read(keyed, upstream, settings, private_dirs):
    settings.UPLOAD_MAX_REQUEST_BYTES = 1 * KIB
    fake_projects(upstream)
    sent = fake_upload(upstream)

    response = keyed.post(ONE_FILE, data=WAV, content_type="application/octet-stream",
                          headers={"X-Upload-Fields": urlencode(form(filename="call.wav"))})

    assert response.status_code == 413
    assert "call.wav is 2.0\xa0KB; this console accepts at most 1.0\xa0KB in one upload." in (
        response.content.decode()
    )
    assert sent == []
    assert list(private_dirs.iterdir()) == []


# ---- A body that stops arriving (upload.js path) --------------------------------------------


class TricklingBody:
    """A request body arriving `piece` bytes every `pause` seconds that stops at `stall_at`.

    Like a socket file, read(n) blocks until it has n bytes; past `stall_at` it blocks until
    `release()` (the browser went quiet without hanging up), then the body ends.
    """

    def __init__(self, content, *, piece=64 * KIB, pause=0.0, stall_at=None):
        self.content, self.piece, self.pause = content, piece, pause
        self.stall_at = len(content) if stall_at is None else stall_at
        self.position = 0
        self.released = threading.Event()

    def read(self, size=-1):
        size = len(self.content) if size is None or size < 0 else size
        data = bytearray()
        while len(data) < size:
            if self.position >= self.stall_at:
                self.released.wait()
                break
            time.sleep(self.pause)
            end = min(self.position + self.piece, self.stall_at, self.position + size - len(data))
            data += self.content[self.position:end]
            self.position = end
        return bytes(data)

    def readline(self, size=-1):
        return self.read(size)

    def release(self):
        self.released.set()


@pytest.fixture
def watchdog():
    """Release stalled bodies after 10 s so a hanging upload fails the test instead of the run."""
    bodies, fired = [], []

    def bite():
        fired.append(True)
        for body in bodies:
            body.release()

    timer = threading.Timer(10, bite)
    timer.start()
    yield bodies, fired
    timer.cancel()
    for body in bodies:
        body.release()


def send_body(client, body, *, filename="call.wav", size):
    header = urlencode(form(filename=filename))
    return client.post(ONE_FILE, data=b"", content_type="application/octet-stream",
                       headers={"X-Upload-Fields": header},
                       CONTENT_TYPE="application/octet-stream", CONTENT_LENGTH=str(size),
                       **{"wsgi.input": body})


def test_a_body_that_stops_arriving_frees_the_request_and_cleans_up(
    keyed, upstream, settings, private_dirs, watchdog
):
    settings.UPLOAD_STALL_SECONDS = 0.5
    content = bytes(range(256)) * 1024 * 2  # 512 KiB
    body = TricklingBody(content, stall_at=100 * KIB)
    watchdog[0].append(body)
    fake_projects(upstream)
    sent = fake_upload(upstream)

    response = send_body(keyed, body, size=len(content))

    html = response.content.decode()
    assert not watchdog[1], "the upload waited for the stalled body until the watchdog let it go"
    assert response.status_code == 400
    assert "call.wav stopped arriving from your browser, so it was not uploaded." in html
    assert sent == []
    assert list(private_dirs.iterdir()) == []
    assert not StoredAudio.objects.exists()


class FailingAtOnce(RelayingClient):
    """IdentityCall fails before the relayed file has arrived; a re-send would be stored."""

    def __init__(self, private_dirs, relayed):
        super().__init__(private_dirs)
        self.relayed = relayed

    max_retries = 2

    def stream_recording(self, chunks, **fields):
        raise self.relayed

    def upload_recording(self, file, **fields):
        raise AssertionError("a body that never arrived whole must not be sent again")


def test_a_body_that_stops_while_waiting_to_be_sent_again_frees_the_request(
    keyed, monkeypatch, settings, private_dirs, watchdog
):
    # IdentityCall failed at once, so the console waits for the rest of the file to send it again
    # from disk; the browser then goes quiet.
    settings.UPLOAD_STALL_SECONDS = 0.5
    content = bytes(range(256)) * 1024 * 2
    body = TricklingBody(content, stall_at=100 * KIB)
    watchdog[0].append(body)
    fake = FailingAtOnce(private_dirs, relayed=errors.ServerError(status=503))
    monkeypatch.setattr("apps.recordings.views.upload.client_for", lambda user: fake)

    response = send_body(keyed, body, size=len(content))

    assert not watchdog[1], "the upload waited for the stalled body until the watchdog let it go"
    assert response.status_code == 400
    assert "call.wav stopped arriving from your browser" in response.content.decode()
    assert list(private_dirs.iterdir()) == []


def test_a_slow_but_steady_body_is_not_taken_for_a_stalled_one(keyed, monkeypatch, settings, private_dirs, watchdog):
    # The whole file takes longer than the stall limit, but some of it arrives all the time.
    settings.UPLOAD_STALL_SECONDS = 1.0
    content = bytes(range(256)) * 1024 * 2  # 512 KiB in 16 pieces, one every 0.1 s
    body = TricklingBody(content, piece=32 * KIB, pause=0.1)
    watchdog[0].append(body)
    fake = RelayingClient(private_dirs)
    monkeypatch.setattr("apps.recordings.views.upload.client_for", lambda user: fake)

    response = send_body(keyed, body, size=len(content))

    assert response.status_code == 201, response.content.decode()
    assert fake.received == content
    assert StoredAudio.objects.get().sha256 == hashlib.sha256(content).hexdigest()


def test_under_gunicorn_a_stalled_browser_also_frees_the_reader(keyed, upstream, settings, private_dirs):
    # gunicorn exposes the browser's socket; once the browser counts as stalled, its reading side
    # is shut so the reader thread ends as well, instead of waiting on the socket for ever.
    settings.UPLOAD_STALL_SECONDS = 0.5
    server, browser = socket.socketpair()
    content = bytes(range(256)) * 1024 * 2
    threading.Thread(target=browser.sendall, args=(content[:100 * KIB],), daemon=True).start()
    fake_projects(upstream)
    fake_upload(upstream)
    try:
        response = keyed.post(
            ONE_FILE, data=b"", content_type="application/octet-stream",
            headers={"X-Upload-Fields": urlencode(form(filename="call.wav"))},
            CONTENT_TYPE="application/octet-stream", CONTENT_LENGTH=str(len(content)),
            **{"wsgi.input": server.makefile("rb"), "gunicorn.socket": server},
        )
        assert "stopped arriving from your browser" in response.content.decode()
        deadline = time.monotonic() + 5
        while readers() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert readers() == []
    finally:
        browser.close()
        server.close()


def readers():
    return [thread for thread in threading.enumerate() if thread.name == "upload-reader"]
