"""Serving a stored file with HTTP Range support (RFC 9110 §14), so an <audio> element can seek.

One range per request: `bytes=a-b`, `bytes=a-` and `bytes=-n` answer 206; a start past the end
answers 416; no header, another unit, several ranges or a malformed header get the whole file
(the RFC lets a server ignore a Range it does not want to serve). The file is always streamed in
chunks, never read whole.
"""

from django.http import FileResponse, HttpResponse, StreamingHttpResponse

CHUNK_SIZE = 64 * 1024


class Unsatisfiable(Exception):
    """The requested range lies wholly beyond the end of the file."""


def parse_range(header, size):
    """Return (first, last) byte positions, inclusive, or None for the whole file; may raise."""
    unit, equals, spec = (header or "").partition("=")
    if not equals or unit.strip().lower() != "bytes" or "," in spec:
        return None
    first, dash, last = (part.strip() for part in spec.partition("-"))
    if not dash or not (first.isdigit() or first == "") or not (last.isdigit() or last == ""):
        return None
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


class _Slice:
    """Iterate over `length` bytes of an open file from its current position; close it after."""

    def __init__(self, handle, length):
        self.handle, self.remaining = handle, length

    def __iter__(self):
        while self.remaining > 0:
            chunk = self.handle.read(min(CHUNK_SIZE, self.remaining))
            if not chunk:
                break
            self.remaining -= len(chunk)
            yield chunk

    def close(self):
        self.handle.close()


def serve(request, handle, *, size, content_type, etag=None, filename=None):
    """Return a 200, 206 or 416 response for the open binary `handle` of `size` bytes."""
    header = request.headers.get("Range")
    if_range = request.headers.get("If-Range")
    if header and if_range is not None and if_range.strip() != etag:
        header = None  # the client's copy is stale: it must get the whole new file
    try:
        byte_range = parse_range(header, size)
    except Unsatisfiable:
        handle.close()
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
    else:
        if byte_range is None:
            response = FileResponse(handle, content_type=content_type, filename=filename or "")
            response["Content-Length"] = str(size)
        else:
            first, last = byte_range
            handle.seek(first)
            response = StreamingHttpResponse(
                _Slice(handle, last - first + 1), status=206, content_type=content_type
            )
            response["Content-Length"] = str(last - first + 1)
            response["Content-Range"] = f"bytes {first}-{last}/{size}"
    response["Accept-Ranges"] = "bytes"
    if etag:
        response["ETag"] = etag
    return response
