"""Range answers for every edge: empty files, the handle closed on every path, chunk borders,
If-Range, the header's size limits, and object-storage readers (apps/recordings/ranges.py)."""

import io

import pytest
from django.test import RequestFactory

from apps.recordings import ranges

ETAG = '"v1"'

# Closing a response sends request_finished, whose handler looks at the database connection.
pytestmark = pytest.mark.django_db


class Handle(io.BytesIO):
    """A local file that remembers being closed and can be told to fail."""

    def __init__(self, data=b"", fail=False):
        super().__init__(data)
        self.fail = fail

    def read(self, size=-1):
        if self.fail:
            raise OSError("disk gone")
        return super().read(size)


class ObjectReader(Handle):
    """Like console/s3_storage.py's reader: set_range() narrows what it fetches."""

    def __init__(self, data=b"", fail=False):
        super().__init__(data, fail)
        self.asked = []

    def set_range(self, first, last):
        self.asked.append((first, last))
        self.seek(first)


def serve(handle, size, range_header=None, if_range=None, etag=ETAG, filename=None,
          content_type="audio/mpeg"):
    headers = {}
    if range_header is not None:
        headers["Range"] = range_header
    if if_range is not None:
        headers["If-Range"] = if_range
    request = RequestFactory().get("/audio", headers=headers)
    return ranges.serve(request, handle, size=size, content_type=content_type, etag=etag,
                        filename=filename)


def body(response):
    content = b"".join(response.streaming_content)
    response.close()
    return content


@pytest.mark.parametrize("header", ["bytes=-5", "bytes=0-", "bytes=0-0", "bytes=-0"])
def test_an_empty_file_answers_416_to_any_range_and_closes_its_handle(header):
    handle = Handle()

    response = serve(handle, 0, header)

    assert response.status_code == 416
    assert response["Content-Range"] == "bytes */0"
    assert response["Accept-Ranges"] == "bytes" and response["ETag"] == ETAG
    assert handle.closed


def test_an_empty_file_without_a_range_is_an_empty_200():
    response = serve(Handle(), 0)

    assert response.status_code == 200 and response["Content-Length"] == "0"
    assert body(response) == b""


@pytest.mark.parametrize("header", ["bytes=10-", "bytes=10-20", "bytes=-0"])
def test_a_range_past_the_end_answers_416_and_closes_the_handle(header):
    handle = Handle(b"0123456789")

    response = serve(handle, 10, header)

    assert response.status_code == 416 and response["Content-Range"] == "bytes */10"
    assert response.content == b""
    assert handle.closed


@pytest.mark.parametrize(("header", "first", "last"), [
    ("bytes=0-0", 0, 0), ("bytes=9-", 9, 9), ("bytes=2-5", 2, 5), ("bytes=-3", 7, 9),
    ("bytes=-10", 0, 9), ("bytes=-99", 0, 9), ("bytes=3-99", 3, 9), ("BYTES = 1 - 2", 1, 2),
    ("\tbytes=1-2 ", 1, 2),
])
def test_a_satisfiable_range_answers_206_with_exactly_those_bytes(header, first, last):
    handle = Handle(b"0123456789")

    response = serve(handle, 10, header)

    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {first}-{last}/10"
    assert response["Content-Length"] == str(last - first + 1)
    assert response["Accept-Ranges"] == "bytes" and response["ETag"] == ETAG
    assert body(response) == b"0123456789"[first:last + 1]
    assert handle.closed


@pytest.mark.parametrize("header", ["bytes=5-3", "bytes=-", "items=0-1", "bytes=0-1,3-4",
                                    "bytes=²-3", "bytes=0x1-2", ""])
def test_an_invalid_or_unsupported_range_gets_the_whole_file(header):
    response = serve(Handle(b"0123456789"), 10, header)

    assert response.status_code == 200 and response["Content-Length"] == "10"
    assert "Content-Range" not in response
    assert body(response) == b"0123456789"


def test_the_header_may_be_exactly_as_long_as_the_limit_but_not_longer():
    padding = " " * (ranges.MAX_HEADER_LENGTH - len("bytes=1-2"))
    assert serve(Handle(b"0123"), 4, "bytes=1-2" + padding).status_code == 206
    assert serve(Handle(b"0123"), 4, "bytes=1-2" + padding + " ").status_code == 200


def test_numbers_may_have_twenty_digits_but_not_twenty_one():
    assert ranges.parse_range("bytes=0-" + "9" * 20, 4) == (0, 3)
    assert ranges.parse_range("bytes=0-" + "9" * 21, 4) is None
    assert ranges.parse_range("bytes=" + "0" * 20 + "-1", 4) == (0, 1)


def test_a_range_spanning_several_chunks_is_streamed_whole_in_chunks():
    data = bytes(range(256)) * (ranges.CHUNK_SIZE // 128 + 1)  # a little over two chunks
    first, last = 5, len(data) - 3

    response = serve(Handle(data), len(data), f"bytes={first}-{last}")
    chunks = list(response.streaming_content)

    assert b"".join(chunks) == data[first:last + 1]
    assert max(len(chunk) for chunk in chunks) == ranges.CHUNK_SIZE
    assert len(chunks) == 3


def test_a_file_shorter_than_its_stated_size_ends_the_stream_without_looping():
    response = serve(Handle(b"0123"), 10, "bytes=2-9")

    assert body(response) == b"23"


@pytest.mark.parametrize(("if_range", "status"), [
    (ETAG, 206), (f" {ETAG}\t", 206), ('W/"v1"', 200), ('"v2"', 200),
    ("Sun, 06 Nov 1994 08:49:37 GMT", 200),
    # Only spaces and tabs are optional whitespace (RFC 9110 §5.6.3); nothing else is trimmed.
    ('\x0b"v1"', 200), ('"v1"\x0c', 200), ('X"v1"X', 200),
])
def test_if_range_serves_the_range_only_for_this_files_strong_tag(if_range, status):
    response = serve(Handle(b"0123456789"), 10, "bytes=0-1", if_range=if_range)

    assert response.status_code == status
    assert body(response) == (b"01" if status == 206 else b"0123456789")


def test_if_range_without_an_etag_gets_the_whole_file():
    response = serve(Handle(b"0123456789"), 10, "bytes=0-1", if_range=ETAG, etag=None)

    assert response.status_code == 200 and "ETag" not in response


def test_if_range_without_a_range_is_the_whole_file():
    assert serve(Handle(b"0123"), 4, None, if_range='"other"').status_code == 200


def test_a_file_that_cannot_be_read_raises_with_its_handle_closed():
    for header in ("bytes=0-1", None):
        handle = ObjectReader(b"0123", fail=True)
        with pytest.raises(OSError):
            serve(handle, 4, header)
        assert handle.closed


def test_an_object_store_reader_is_asked_for_just_the_range():
    handle = ObjectReader(b"0123456789")

    response = serve(handle, 10, "bytes=3-6")

    assert handle.asked == [(3, 6)]
    assert body(response) == b"3456" and handle.closed


def test_an_object_store_reader_streams_the_whole_file_with_its_name():
    handle = ObjectReader(b"0123456789")

    response = serve(handle, 10, filename="call one.mp3")

    assert response.status_code == 200 and response["Content-Length"] == "10"
    assert response["Content-Type"] == "audio/mpeg"
    assert response["Content-Disposition"] == 'inline; filename="call one.mp3"'
    assert handle.asked == [(0, 9)]
    assert body(response) == b"0123456789" and handle.closed


def test_an_empty_object_is_not_asked_for_a_range():
    handle = ObjectReader(b"")

    response = serve(handle, 0)

    assert handle.asked == [] and body(response) == b""


def test_a_local_file_is_served_whole_with_its_name():
    response = serve(Handle(b"0123"), 4, filename="call.mp3")

    assert response["Content-Disposition"] == 'inline; filename="call.mp3"'
    assert response["Content-Type"] == "audio/mpeg"
    assert body(response) == b"0123"


def test_a_file_keeps_the_stored_content_type_whatever_its_name_suggests():
    response = serve(Handle(b"RIFF"), 4, filename="call.mp3", content_type="audio/wav")

    assert response["Content-Type"] == "audio/wav"
    body(response)


@pytest.mark.parametrize("reader", [Handle, ObjectReader])
def test_a_file_without_a_name_is_sent_without_a_content_disposition(reader):
    response = serve(reader(b"0123"), 4)

    assert "Content-Disposition" not in response
    assert body(response) == b"0123"
