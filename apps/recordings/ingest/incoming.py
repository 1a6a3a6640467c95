"""A file that arrives from the browser goes on to IdentityCall while it is still arriving.

upload.js sends each file as the raw body of its own request, with the form's fields in a header,
so the console knows the project, the name and the file's size before the first byte of audio. A
reader thread takes the body from the browser 1 MiB (CHUNK) at a time: a HashingWriter hashes
each chunk and writes it to a temp file (the copy kept for playback, and the source of a
re-send), and the chunk goes on to the request thread, which is sending the file to IdentityCall
at the same time; the hash-derived external_id goes after the file. The hand-over queue holds a
few chunks, so memory stays flat whatever the file's size, and a slower IdentityCall slows the
browser down instead of filling memory. A browser that sends nothing for UPLOAD_STALL_SECONDS
fails the upload ("stopped arriving") instead of holding the request's thread.
"""

import queue
import socket
import threading
import time

from django.conf import settings
from django.core.files.uploadedfile import TemporaryUploadedFile

from .receiving import CHUNK, HashingWriter

# The body is read this much at a time, so a slow but steady browser is told from a stalled one:
# a read blocks until it has all the bytes asked for, however long they take to come.
PIECE = 64 * 1024
QUEUE_CHUNKS = 8
_END = object()


class BodyIncomplete(Exception):
    """The browser's request body ended early or could not be read."""


class BrowserStalled(Exception):
    """No byte came from the browser for settings.UPLOAD_STALL_SECONDS."""


class Incoming:
    """One file arriving as a request body: hashed, written to a temp file and relayed.

    Every wait for the browser ends once no byte has come for settings.UPLOAD_STALL_SECONDS
    (BrowserStalled, `stalled`), so a browser that goes quiet never holds the request's thread.
    """

    def __init__(self, stream, *, size, filename, connection=None):
        self.size = size
        # The content type is told from the name where it matters (storage.keep_copy, the client).
        self.file = TemporaryUploadedFile(filename, None, size, None)
        self._writer = HashingWriter(self.file)
        self.sha256 = None
        self.error = None  # why the body did not arrive whole, once the reader has finished
        self.stalled = False
        self._stream = stream
        self._connection = connection  # the browser's socket, when the server exposes it
        self._stall_seconds = settings.UPLOAD_STALL_SECONDS
        self._arrived_at = time.monotonic()  # when the last bytes came from the browser
        self._queue = queue.Queue(maxsize=QUEUE_CHUNKS)
        self._relaying = threading.Event()
        self._relaying.set()
        self._cancelled = threading.Event()
        self._reader = threading.Thread(target=self._receive, name="upload-reader", daemon=True)

    def start(self):
        self._arrived_at = time.monotonic()
        self._reader.start()
        return self

    def chunks(self):
        """Yield the file's chunks as they arrive; raise BodyIncomplete or BrowserStalled."""
        while True:
            item = self._next()
            if item is _END:
                return
            if isinstance(item, BaseException):
                raise item
            yield item

    def _next(self):
        """Return the next item the reader hands over; raise BrowserStalled when none comes."""
        while True:
            try:
                return self._queue.get(timeout=max(self._quiet_left(), 0.01))
            except queue.Empty:
                if self._quiet_left() <= 0:
                    self._give_up()
                    raise BrowserStalled() from None

    def _quiet_left(self):
        """Return the seconds the browser may still stay quiet before it counts as stalled."""
        return self._stall_seconds - (time.monotonic() - self._arrived_at)

    def stop_relaying(self):
        """Stop handing chunks over (the request to IdentityCall has ended); keep receiving."""
        self._relaying.clear()
        while True:  # wake a hand-over blocked on a full queue
            try:
                self._queue.get_nowait()
            except queue.Empty:
                return

    def cancel(self):
        """Stop reading the browser's body after the current read."""
        self._cancelled.set()
        self.stop_relaying()

    def wait(self):
        """Return True once the whole body is in the temp file; False if it broke off or stalled."""
        while self._reader.is_alive():
            self._reader.join(timeout=max(self._quiet_left(), 0.01))
            if self._reader.is_alive() and self._quiet_left() <= 0:
                self._give_up()
                return False
        return self.error is None

    def close(self):
        """Stop reading and delete the temp file (unless it was moved away)."""
        self.cancel()
        if self._reader.ident is not None:  # never started (the request failed before): no join
            # A live browser finishes the current read at once; a stalled one is not waited for
            # (its reader ends when the connection does, writing nothing more: the file is closed).
            self._reader.join(timeout=0 if self.stalled else self._stall_seconds)
            if self._reader.is_alive():
                # Still blocked on a quiet browser: free it as a stall does.
                self._give_up()
        self.file.close()

    def _give_up(self):
        """The browser went quiet: stop waiting, and free the reader if the server lets us."""
        self.stalled = True
        self.cancel()
        if self._connection is not None:
            try:
                # Ends a read blocked on the socket (the answer can still be written).
                self._connection.shutdown(socket.SHUT_RD)
            except OSError:
                pass

    def _receive(self):
        received = 0
        try:
            while received < self.size:
                chunk = self._read(min(CHUNK, self.size - received), received)
                received += len(chunk)
                self._writer.write(chunk)
                self._hand_over(chunk)
            self.sha256 = self._writer.finish()  # set before _END: external_id() reads it
            self._hand_over(_END)
        except Exception as exc:  # noqa: BLE001  (a disconnect surfaces as any kind of error)
            self.error = exc if isinstance(exc, BodyIncomplete) else BodyIncomplete(str(exc))
            self._hand_over(self.error)

    def _read(self, length, received):
        """Return the body's next `length` bytes, noting each piece's arrival."""
        # The quiet time counts from here: while a hand-over waited, the browser was not asked.
        self._arrived_at = time.monotonic()
        pieces, got = [], 0
        while got < length:
            if self._cancelled.is_set():
                raise BodyIncomplete("cancelled")
            piece = self._stream.read(min(PIECE, length - got))
            if not piece:
                raise BodyIncomplete(f"the body ended after {received + got} of {self.size} bytes")
            pieces.append(piece)
            got += len(piece)
            self._arrived_at = time.monotonic()
        # One copy into the chunk (a growing bytearray and bytes() of it copied twice).
        return pieces[0] if len(pieces) == 1 else b"".join(pieces)

    def _hand_over(self, item):
        while self._relaying.is_set():
            try:
                self._queue.put(item, timeout=0.5)
                return
            except queue.Full:
                continue

