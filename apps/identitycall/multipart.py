"""A multipart/form-data body of known length, sent in large chunks: fields, one file, late fields.

requests sends an iterable that has a length with a Content-Length header, writing each chunk as
it comes; a file-like body (requests-toolbelt's encoder, say) is read 16 KiB at a time instead,
which costs a Python call per 16 KiB. Here a file travels in 1 MiB chunks, and fields whose value
is known only once the file has been sent (its content hash) follow the file, with their length
declared up front so the Content-Length is right from the first byte.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

CHUNK = 1024 * 1024
# HTML5's way of quoting a form-data name or filename (what browsers send).
_QUOTED = str.maketrans({'"': "%22", "\r": "%0D", "\n": "%0A"})


class BodyMismatch(ValueError):
    """The file or a late field turned out longer or shorter than declared."""


@dataclass(frozen=True)
class LateField:
    """A field sent after the file: `length` bytes (UTF-8) that `value()` returns by then."""

    name: str
    length: int
    value: Callable[[], str]


class MultipartBody:
    """One multipart/form-data body; iterate it (once per attempt) to send it."""

    def __init__(
        self,
        *,
        boundary: str,
        fields: dict,
        file_field: str,
        filename: str,
        content_type: str,
        size: int,
        chunks: Iterable[bytes],
        late_fields: tuple[LateField, ...] = (),
        progress: Callable[[int], None] | None = None,
    ):
        self.boundary = boundary
        self._head = b"".join(self._part(name, value) for name, value in fields.items())
        self._head += self._header(file_field, filename, content_type)
        self._size = size
        self._chunks = chunks
        self._late = late_fields
        self._progress = progress
        self._close = f"--{boundary}--\r\n".encode()
        late_length = sum(len(self._header(field.name)) + field.length + 2 for field in late_fields)
        self._length = len(self._head) + size + 2 + late_length + len(self._close)

    @property
    def content_type(self) -> str:
        return f"multipart/form-data; boundary={self.boundary}"

    def __len__(self) -> int:
        return self._length

    def __iter__(self):
        sent = 0
        for piece in self._pieces():
            sent += len(piece)
            yield piece
            if self._progress is not None:
                self._progress(sent)

    def _pieces(self):
        yield self._head
        received = 0
        for chunk in self._chunks:
            received += len(chunk)
            if received > self._size:
                raise BodyMismatch(f"the file is longer than the declared {self._size} bytes")
            if chunk:
                yield chunk
        if received != self._size:
            raise BodyMismatch(f"the file ended at {received} of {self._size} bytes")
        yield b"\r\n"
        for field in self._late:
            value = field.value().encode()
            if len(value) != field.length:
                raise BodyMismatch(f"{field.name} is {len(value)} bytes, not {field.length}")
            yield self._header(field.name) + value + b"\r\n"
        yield self._close

    def _part(self, name, value):
        return self._header(name) + str(value).encode() + b"\r\n"

    def _header(self, name, filename=None, content_type=None):
        disposition = f'form-data; name="{name.translate(_QUOTED)}"'
        lines = [f"--{self.boundary}"]
        if filename is None:
            lines.append(f"Content-Disposition: {disposition}")
        else:
            quoted = filename.translate(_QUOTED)
            lines.append(f'Content-Disposition: {disposition}; filename="{quoted}"')
            lines.append(f"Content-Type: {content_type}")
        return ("\r\n".join(lines) + "\r\n\r\n").encode()


def file_chunks(stream, chunk=CHUNK):
    """Yield `stream`'s bytes from where it stands, `chunk` bytes at a time."""
    return iter(lambda: stream.read(chunk), b"")
