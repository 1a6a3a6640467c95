"""The multipart body the client sends uploads in: exact bytes, known length, large chunks."""

import io

import pytest
from requests_toolbelt.multipart.decoder import MultipartDecoder

from apps.identitycall.multipart import CHUNK, BodyMismatch, LateField, MultipartBody, file_chunks


def body(**overrides):
    options = {
        "boundary": "b0und4ry",
        "fields": {"project_id": "3"},
        "file_field": "file",
        "filename": "call.wav",
        "content_type": "audio/wav",
        "size": 5,
        "chunks": iter([b"RI", b"FF!"]),
    }
    return MultipartBody(**(options | overrides))


def decoded(multipart):
    data = b"".join(multipart)
    assert len(data) == len(multipart)
    return MultipartDecoder(data, multipart.content_type)


def test_the_body_is_standard_multipart_that_a_decoder_reads_back():
    parts = decoded(body()).parts

    assert [part.content for part in parts] == [b"3", b"RIFF!"]
    assert parts[1].headers[b"Content-Disposition"] == b'form-data; name="file"; filename="call.wav"'
    assert parts[1].headers[b"Content-Type"] == b"audio/wav"


def test_quotes_and_line_breaks_in_a_filename_cannot_break_out_of_the_header():
    parts = decoded(body(filename='evil".wav\r\nX-Injected: 1')).parts

    disposition = parts[1].headers[b"Content-Disposition"]
    assert disposition == b'form-data; name="file"; filename="evil%22.wav%0D%0AX-Injected: 1"'
    assert b"X-Injected" not in b"".join(parts[1].headers.keys())


def test_a_non_ascii_filename_is_sent_as_utf8_like_browsers_do():
    parts = decoded(body(filename="skambutis-ąčę.wav")).parts

    assert "skambutis-ąčę.wav".encode() in parts[1].headers[b"Content-Disposition"]


def test_late_fields_follow_the_file_and_count_in_the_length_before_they_are_known():
    known = {}
    multipart = body(late_fields=(LateField("external_id", 6, lambda: known["id"]),))
    length = len(multipart)  # asked before the value exists
    pieces = iter(multipart)
    head = [next(pieces) for _ in range(3)]  # the head and both chunks
    known["id"] = "abc123"
    rest = list(pieces)

    data = b"".join(head + rest)
    assert len(data) == length
    parts = MultipartDecoder(data, multipart.content_type).parts
    assert [part.content for part in parts] == [b"3", b"RIFF!", b"abc123"]


def test_progress_counts_every_byte_sent_in_order():
    progress = []
    multipart = body(progress=progress.append)

    list(multipart)

    assert progress == sorted(progress)
    assert progress[-1] == len(multipart)


def test_a_file_is_read_in_chunks_of_one_mebibyte():
    stream = io.BytesIO(b"x" * (CHUNK * 2 + 10))

    assert [len(chunk) for chunk in file_chunks(stream)] == [CHUNK, CHUNK, 10]


@pytest.mark.parametrize("chunks", [[b"RIF"], [b"RIFF!", b"?"]])
def test_a_file_of_another_size_than_declared_stops_the_body(chunks):
    with pytest.raises(BodyMismatch):
        list(body(chunks=iter(chunks)))
