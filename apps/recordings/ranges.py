"""Serving a stored file with HTTP Range support (RFC 9110 §14), so an <audio> element can seek.

One range per request: `bytes=a-b`, `bytes=a-` and `bytes=-n` answer 206; a start past the end
answers 416; no header, another unit, several ranges or a malformed header get the whole file
(the RFC lets a server ignore a Range it does not want to serve). Numbers are ASCII digits, at most
MAX_DIGITS of them, in a header of at most MAX_HEADER_LENGTH characters: anything else is
malformed, so a hostile header costs one bounded regular-expression match and never an error.
The file is always streamed in chunks, never read whole.

The handle is a local file, or a reader of object storage (console/s3_storage.py's ObjectReader)
that fetches bytes as they are read: its `set_range(first, last)` makes it ask the store for just
the bytes a Range names. Either way the first chunk is read before the response is returned, so a
storage that cannot be read raises OSError to the view (a clear answer), not halfway through a
response already under way.
"""

import re

from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header

CHUNK_SIZE = 64 * 1024
# 20 digits reach past 2**64, more than any file's size; int() would refuse 4,300 of them anyway.
MAX_DIGITS = 20
# One range with two such numbers and some spaces fits many times over; several ranges are ignored.
MAX_HEADER_LENGTH = 200
# `[0-9]`, not `\d` or str.isdigit(): those take "²" (which int() refuses) and "٣" (which it reads).
# Spaces and tabs only where RFC 9110's OWS could be; the unit is case-insensitive (§14.1), in
# ASCII only (Unicode case folding would take "byteſ").
_NUMBER = f"([0-9]{{0,{MAX_DIGITS}}})"
_ONE_RANGE = re.compile(
    rf"[ \t]*bytes[ \t]*=[ \t]*{_NUMBER}[ \t]*-[ \t]*{_NUMBER}[ \t]*", re.ASCII | re.IGNORECASE
)


class Unsatisfiable(Exception):
    """The requested range lies wholly beyond the end of the file."""


def parse_range(header, size):
    """Return (first, last) byte positions, inclusive, or None for the whole file; raise
    Unsatisfiable for a well-formed range that starts past the end."""
    header = header or ""
    match = _ONE_RANGE.fullmatch(header) if len(header) <= MAX_HEADER_LENGTH else None
    if match is None:
        return None
    first, last = match.groups()
    if first == "":  # a suffix: the last `last` bytes
        if last == "":
            return None
        if int(last) == 0 or size == 0:
            raise Unsatisfiable
        return max(0, size - int(last)), size - 1
    start = int(first)
    if last and int(last) < start:
        return None  # invalid, so ignored
    if start >= size:
        raise Unsatisfiable
    return start, min(int(last) if last else size - 1, size - 1)


def _same_version(if_range, etag):
    """Return whether a Range may be served: no If-Range, or one naming this file's strong tag."""
    if if_range is None:
        return True
    # RFC 9110 §13.1.5: strong comparison, so a weak tag (W/"…") never matches; a date, a list or
    # anything else cannot be checked here (no Last-Modified is sent) and gets the whole file.
    return etag is not None and if_range.strip(" \t") == etag


class _Slice:
    """Iterate over `length` bytes of an open file from `first`; close it after.

    The first chunk is read when the slice is made, so a file that cannot be read fails there.
    """

    def __init__(self, handle, first, length):
        self.handle, self.remaining = handle, length
        if hasattr(handle, "set_range"):
            if length:
                handle.set_range(first, first + length - 1)
        else:
            handle.seek(first)
        self.first = self._read()

    def _read(self):
        if self.remaining <= 0:
            return b""
        chunk = self.handle.read(min(CHUNK_SIZE, self.remaining))
        self.remaining = self.remaining - len(chunk) if chunk else 0
        return chunk

    def __iter__(self):
        chunk, self.first = self.first, b""
        while chunk:
            yield chunk
            chunk = self._read()

    def close(self):
        self.handle.close()


def serve(request, handle, *, size, content_type, etag=None, filename=None):
    """Return a 200, 206 or 416 response for the open binary `handle` of `size` bytes; raise
    OSError, `handle` closed, when its first bytes cannot be read."""
    header = request.headers.get("Range")
    if header and not _same_version(request.headers.get("If-Range"), etag):
        header = None  # the client's copy is stale: it must get the whole new file
    try:
        byte_range = parse_range(header, size)
    except Unsatisfiable:
        handle.close()
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
    else:
        try:
            response = _content(handle, byte_range, size, content_type, filename)
        except BaseException:
            handle.close()
            raise
    response["Accept-Ranges"] = "bytes"
    if etag:
        response["ETag"] = etag
    return response


def _content(handle, byte_range, size, content_type, filename):
    """Return the 200 (whole file) or 206 (byte_range) response streaming `handle`."""
    if byte_range is not None:
        first, last = byte_range
        response = StreamingHttpResponse(
            _Slice(handle, first, last - first + 1), status=206, content_type=content_type
        )
        response["Content-Range"] = f"bytes {first}-{last}/{size}"
        response["Content-Length"] = str(last - first + 1)
        return response
    if hasattr(handle, "set_range"):
        response = StreamingHttpResponse(_Slice(handle, 0, size), content_type=content_type)
        if disposition := content_disposition_header(False, filename or ""):
            response["Content-Disposition"] = disposition
    else:
        # A local file: FileResponse lets the server send it with sendfile where it can.
        response = FileResponse(handle, content_type=content_type, filename=filename or "")
    response["Content-Length"] = str(size)
    return response
