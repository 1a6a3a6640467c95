"""Recordings: the eight operations' requests and the parsing of what comes back."""

import io
import json
import threading
from datetime import UTC, datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests
from requests_toolbelt.multipart.decoder import MultipartDecoder

from apps.identitycall.client import IdentityCallClient
from apps.identitycall.errors import (
    ServerError,
    TransportError,
    UpstreamTimeout,
    ValidationError,
)
from apps.identitycall.multipart import BodyMismatch
from apps.identitycall.resources import Dialogue, GoalResult, Recording, Results


def multipart_fields(request):
    """Return {name: (filename or None, bytes)} from a sent multipart request."""
    decoder = MultipartDecoder(request.body, request.headers["Content-Type"])
    fields = {}
    for part in decoder.parts:
        disposition = part.headers[b"Content-Disposition"].decode()
        params = dict(
            item.strip().split("=", 1) for item in disposition.split(";")[1:]
        )
        name = params["name"].strip('"')
        filename = params.get("filename", "").strip('"') or None
        fields[name] = (filename, part.content)
    return fields


# List


def test_list_recordings_sends_page_and_per_page_with_the_bearer_key(client, api, key, make):
    api.reply("GET", "/recordings", json={"data": [make.recording()]})

    client.list_recordings(page=2, per_page=50)

    assert api.last.method == "GET"
    assert api.path() == "/recordings"
    assert api.query() == {"page": "2", "per_page": "50"}
    assert api.last.headers["Authorization"] == f"Bearer {key}"
    assert api.last.headers["Accept"] == "application/json"


def test_list_recordings_sends_status_and_project_only_when_given(client, api):
    api.reply("GET", "/recordings", json={"data": []})
    api.reply("GET", "/recordings", json={"data": []})

    client.list_recordings(status="completed", project_id=42)
    client.list_recordings()

    first, second = api.requests
    assert api.query(first) == {"page": "1", "per_page": "20", "status": "completed",
                                "project_id": "42"}
    assert api.query(second) == {"page": "1", "per_page": "20"}


def test_list_recordings_keeps_page_and_per_page_inside_the_documented_range(client, api):
    api.reply("GET", "/recordings", json={"data": []})

    client.list_recordings(page=0, per_page=500)

    assert api.query() == {"page": "1", "per_page": "100"}


def test_list_recordings_parses_items_and_meta(client, api, make, public_id):
    meta = {"current_page": 2, "total_pages": 5, "total_count": 98, "per_page": 20}
    api.reply("GET", "/recordings", json={"data": [make.recording(), make.recording(id=124,
              public_id=None)], "meta": meta})

    page = client.list_recordings(page=2)

    assert [recording.ref for recording in page] == [public_id, "124"]
    assert (page.current_page, page.total_pages, page.total_count, page.per_page) == (2, 5, 98, 20)
    assert page.has_next and page.has_previous


def test_list_recordings_without_meta_treats_the_page_as_the_last(client, api, make):
    api.reply("GET", "/recordings", json={"data": [make.recording(), make.recording(id=2)]})

    page = client.list_recordings(page=3, per_page=10)

    assert len(page) == 2
    assert (page.current_page, page.total_pages, page.total_count, page.per_page) == (3, 3, 22, 10)
    assert not page.has_next


def test_list_item_in_the_old_shape_parses_with_the_new_fields_empty(client, api):
    old_item = {"id": 125, "name": "Call", "status": "completed", "duration_ms": 1000,
                "created_at": "2025-01-15T14:22:00Z", "speakers": ["Speaker 1"],
                "goal_achievement": 100.0}
    api.reply("GET", "/recordings", json={"data": [old_item]})

    (recording,) = client.list_recordings()

    assert recording.ref == "125"
    assert recording.public_id is None and recording.project_id is None
    assert recording.speakers == ("Speaker 1",)
    assert recording.goal_achievement == 100.0


# Get, rename, update, delete


def test_get_recording_puts_the_public_id_in_the_path_and_parses_the_detail(
    client, api, make, public_id
):
    api.reply("GET", f"/recordings/{public_id}", data=make.recording(brand_new_field={"x": 1}))

    recording = client.get_recording(public_id)

    assert api.last.method == "GET"
    assert recording.ref == public_id
    assert recording.id == 123
    assert recording.project_id == 42
    assert recording.external_id == "crm-call-abc-123"
    assert recording.created_at == datetime(2026, 4, 15, 10, 0, tzinfo=UTC)
    assert recording.dialogues_count == 24
    assert recording.goals_evaluated is True
    assert (recording.keywords_detected, recording.pauses_detected) == (8, 3)
    assert recording.audio_attached is True
    assert recording.duration_seconds == 185.0
    assert recording.is_terminal


def test_get_recording_accepts_the_legacy_integer_id(client, api, make):
    api.reply("GET", "/recordings/123", data=make.recording(public_id=None))

    assert client.get_recording(123).ref == "123"


def test_recording_from_an_empty_object_has_every_field_empty():
    recording = Recording.from_api({})

    assert recording == Recording()
    assert recording.ref is None
    assert recording.duration_seconds is None
    assert not recording.is_terminal


def test_recording_tolerates_harmless_wrong_types():
    recording = Recording.from_api({"id": "77", "speakers": None, "duration_ms": 1500.0,
                                    "goals_evaluated": "yes", "goal_achievement": "87.5",
                                    "name": None, "dialogues_count": True})

    assert recording.id == 77
    assert recording.speakers == ()
    assert recording.duration_ms == 1500
    assert recording.goals_evaluated is None
    assert recording.goal_achievement == 87.5
    assert recording.dialogues_count is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-04-15T10:00:00Z", datetime(2026, 4, 15, 10, 0, tzinfo=UTC)),
        ("2026-04-15T10:00:00.250Z", datetime(2026, 4, 15, 10, 0, 0, 250000, tzinfo=UTC)),
        ("2026-04-15T12:00:00+02:00",
         datetime(2026, 4, 15, 12, 0, tzinfo=timezone(timedelta(hours=2)))),
        ("2026-04-15T10:00:00", datetime(2026, 4, 15, 10, 0, tzinfo=UTC)),
        ("yesterday", None),
        ("", None),
        (1713175200, None),
    ],
)
def test_recording_timestamps_are_aware_or_none(text, expected):
    created_at = Recording.from_api({"created_at": text}).created_at

    assert created_at == expected
    assert created_at is None or created_at.tzinfo is not None


@pytest.mark.parametrize(
    ("status", "terminal"),
    [("pending", False), ("processing", False), ("completed", True), ("failed", True)],
)
def test_only_completed_and_failed_recordings_are_terminal(status, terminal):
    assert Recording.from_api({"status": status}).is_terminal is terminal


def test_rename_recording_patches_display_name_and_reads_the_new_name(client, api, make):
    api.reply("PATCH", "/recordings/123", data=make.recording(name="Renamed"))

    recording = client.rename_recording(123, "Renamed")

    assert api.last.method == "PATCH"
    assert api.last.headers["Content-Type"] == "application/json"
    assert api.json() == {"display_name": "Renamed"}
    assert recording.name == "Renamed"


def test_update_recording_can_move_it_to_another_project(client, api, make, public_id):
    api.reply("PATCH", f"/recordings/{public_id}", data=make.recording(project_id=7))

    recording = client.update_recording(public_id, project_id=7)

    assert api.json() == {"project_id": 7}
    assert recording.project_id == 7


def test_update_recording_with_nothing_to_change_sends_no_request(client, api):
    with pytest.raises(ValueError):
        client.update_recording(123)

    assert api.requests == []


def test_delete_recording_accepts_an_empty_204(client, api, public_id):
    api.reply("DELETE", f"/recordings/{public_id}", status=204, body="")

    assert client.delete_recording(public_id) is None
    assert api.last.method == "DELETE"


# Transcription, results, summary


def test_get_transcription_parses_dialogues_with_their_emotions(client, api, make, public_id):
    api.reply("GET", f"/recordings/{public_id}/transcription", data=make.transcription())

    transcription = client.get_transcription(public_id)

    assert api.last.method == "GET"
    assert transcription.recording_id == 123
    assert transcription.full_text.startswith("Thank you")
    first, second = transcription.dialogues
    assert (first.position, first.start_ms, first.end_ms) == (1, 0, 2400)
    assert first.speaker_name == "John Smith"
    assert second.speaker_name == "Speaker 2"
    assert first.dominant_emotion == "neutral"
    assert second.dominant_emotion == "angry"
    assert set(first.emotion) == {"happy", "neutral", "calm", "sad", "angry", "fearful",
                                  "surprised", "disgust"}


def test_dialogue_keeps_only_documented_numeric_emotions(make):
    dialogue = Dialogue.from_api(make.dialogue(emotion={"happy": 0.7, "bored": 0.9, "sad": "x"}))
    bare = Dialogue.from_api({"speaker": "Speaker 1", "emotion": None})

    assert dialogue.emotion == {"happy": 0.7}
    assert bare.emotion == {} and bare.dominant_emotion is None
    assert bare.speaker_name == "Speaker 1" and bare.text == ""


def test_dialogue_reads_whole_and_quoted_numbers_and_drops_booleans(make):
    dialogue = Dialogue.from_api(make.dialogue(
        id="456", position=True, start_ms=1200.0, end_ms="2400",
        emotion={"happy": 1, "neutral": "0.25", "sad": True, "angry": None},
    ))

    assert (dialogue.id, dialogue.position) == (456, None)
    assert (dialogue.start_ms, dialogue.end_ms) == (1200, 2400)
    assert dialogue.emotion == {"happy": 1.0, "neutral": 0.25}
    assert all(type(score) is float for score in dialogue.emotion.values())


def test_a_tie_between_emotions_goes_to_the_first_in_the_documented_order(make):
    dialogue = Dialogue.from_api(make.dialogue(
        emotion={"disgust": 0.45, "calm": 0.45, "happy": 0.1},
    ))

    assert list(dialogue.emotion) == ["happy", "calm", "disgust"]
    assert dialogue.dominant_emotion == "calm"


def test_get_transcription_before_completion_raises_validation_error(client, api, public_id):
    api.reply("GET", f"/recordings/{public_id}/transcription", status=422,
              json={"error": "Transcription not available"})

    with pytest.raises(ValidationError) as caught:
        client.get_transcription(public_id)

    assert caught.value.message == "Transcription not available"
    assert caught.value.status == 422


def test_get_results_parses_goals_keywords_and_pauses(client, api, make, public_id):
    api.reply("GET", f"/recordings/{public_id}/results", data=make.results())

    results = client.get_results(public_id)

    (goal,) = results.goals
    assert (goal.goal_name, goal.met, goal.score, goal.band) == ("Greeting", True, 0.95,
                                                                "strongly achieved")
    (keyword,) = results.keywords
    assert results.keywords_present
    assert (keyword.keyword_name, keyword.sentiment, keyword.count) == ("refund", "negative", 2)
    assert keyword.timestamps_ms == (12000, 45000)
    (pause,) = results.pauses
    assert (pause.duration_ms, pause.compliant, pause.after_dialogue_id) == (8000, False, 456)


def test_results_without_keywords_say_they_were_not_reported(make):
    payload = make.results()
    del payload["keywords"]

    results = Results.from_api(payload)
    empty = Results.from_api(make.results(keywords=[]))

    assert results.keywords == () and not results.keywords_present
    assert empty.keywords == () and empty.keywords_present


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (1.0, "strongly achieved"),
        (0.9, "strongly achieved"),
        (0.89, "achieved"),
        (0.7, "achieved"),
        (0.5, "partially achieved"),
        (0.3, "weakly achieved"),
        (0.29, "not achieved"),
        (0.0, "not achieved"),
        (None, None),
    ],
)
def test_goal_score_falls_in_the_documented_band(score, band):
    assert GoalResult.from_api({"score": score}).band == band


def test_get_summary_parses_its_fields(client, api, make, public_id):
    api.reply("GET", f"/recordings/{public_id}/summary", data=make.summary())

    summary = client.get_summary(public_id)

    assert summary.summary == "The customer asked about a refund."
    assert summary.speakers == ("Agent", "John Smith")
    assert (summary.duration_ms, summary.goal_achievement) == (185000, 87.5)


# Upload


def test_upload_recording_sends_the_file_and_fields_as_multipart(client, api, key, tmp_path):
    audio = tmp_path / "call.wav"
    audio.write_bytes(b"RIFF" + bytes(range(256)) * 40)
    api.reply("POST", "/recordings", status=201, data={"id": 125, "public_id": "018f", "status":
                                                       "pending"})

    result = client.upload_recording(audio, filename="call.wav", project_id=42, language="lt",
                                     name="Morning call", external_id="crm-1")

    sent = api.last
    assert sent.method == "POST"
    assert api.path(sent) == "/recordings"
    assert sent.headers["Authorization"] == f"Bearer {key}"
    assert sent.headers["Content-Type"].startswith("multipart/form-data; boundary=")
    assert int(sent.headers["Content-Length"]) == len(sent.body)
    assert multipart_fields(sent) == {
        "project_id": (None, b"42"),
        "language": (None, b"lt"),
        "name": (None, b"Morning call"),
        "external_id": (None, b"crm-1"),
        "file": ("call.wav", audio.read_bytes()),
    }
    assert result.created is True
    assert result.recording.ref == "018f"
    assert result.recording.status == "pending"


def test_upload_recording_omits_the_fields_not_given(client, api):
    api.reply("POST", "/recordings", status=201, data={"id": 1, "status": "pending"})

    client.upload_recording(io.BytesIO(b"audio"), filename="a.mp3")

    assert set(multipart_fields(api.last)) == {"file"}


@pytest.mark.parametrize(("status", "created"), [(201, True), (200, False)])
def test_upload_recording_tells_a_new_recording_from_an_idempotent_replay(
    client, api, status, created
):
    api.reply("POST", "/recordings", status=status, data={"id": 1, "status": "pending"})

    result = client.upload_recording(io.BytesIO(b"audio"), filename="a.mp3", external_id="x")

    assert result.created is created


def test_upload_recording_hands_requests_a_stream_not_bytes(client, api, session, tmp_path):
    audio = tmp_path / "call.flac"
    audio.write_bytes(b"fLaC" * 1000)
    bodies = []
    send = session.send
    session.send = lambda request, **kwargs: bodies.append(request.body) or send(request, **kwargs)
    api.reply("POST", "/recordings", status=201, data={"id": 1})

    client.upload_recording(audio, filename="call.flac", progress=lambda sent: None)

    # An iterable with a length: requests sends it with a Content-Length, chunk by chunk.
    assert not isinstance(bodies[0], (bytes, bytearray, str))
    assert not hasattr(bodies[0], "read")
    assert len(bodies[0]) == int(api.last.headers["Content-Length"]) == len(api.last.body)


def test_upload_recording_reports_progress_up_to_the_whole_body(client, api):
    progress = []
    api.reply("POST", "/recordings", status=201, data={"id": 1})

    client.upload_recording(io.BytesIO(b"x" * 5000), filename="a.ogg", progress=progress.append)

    assert progress and progress == sorted(progress)
    assert progress[-1] == int(api.last.headers["Content-Length"])


def test_upload_recording_uses_the_long_upload_timeout(client, api):
    api.reply("POST", "/recordings", status=201, data={"id": 1})

    client.upload_recording(io.BytesIO(b"audio"), filename="a.mp3")

    assert api.last.req_kwargs["timeout"] == (3.05, 300.0)


def test_upload_recording_sends_the_whole_file_wherever_its_position_was(client, api):
    stream = io.BytesIO(b"HEADER-and-the-rest")
    stream.read(6)
    api.reply("POST", "/recordings", status=201, data={"id": 1})

    client.upload_recording(stream, filename="a.wav")

    assert multipart_fields(api.last)["file"][1] == b"HEADER-and-the-rest"
    assert not stream.closed


def test_upload_recording_with_external_id_retries_a_503_resending_the_whole_file(
    client, api, sleeps, tmp_path
):
    audio = tmp_path / "call.wav"
    audio.write_bytes(b"0123456789" * 100)
    api.reply("POST", "/recordings", status=503, body="")
    api.reply("POST", "/recordings", status=201, data={"id": 1})

    result = client.upload_recording(audio, filename="call.wav", external_id="crm-1")

    assert result.created
    assert len(api.requests) == 2
    assert multipart_fields(api.requests[1])["file"][1] == audio.read_bytes()
    assert sleeps == [0.25]


def test_upload_recording_with_external_id_retries_a_dropped_connection(client, api):
    api.fail("POST", "/recordings", requests.ConnectionError("connection reset"))
    api.reply("POST", "/recordings", status=200, data={"id": 1})

    result = client.upload_recording(io.BytesIO(b"audio"), filename="a.wav", external_id="crm-1")

    assert result.created is False
    assert len(api.requests) == 2


def test_upload_recording_with_external_id_is_not_resent_after_a_read_timeout(client, api, sleeps):
    # The file may have arrived and be processing; only a read is repeated after a read timeout.
    api.fail("POST", "/recordings", requests.ReadTimeout("read timed out"))

    with pytest.raises(UpstreamTimeout):
        client.upload_recording(io.BytesIO(b"audio"), filename="a.wav", external_id="crm-1")

    assert len(api.requests) == 1
    assert sleeps == []


def test_upload_recording_without_external_id_is_never_retried(client, api, sleeps):
    api.reply("POST", "/recordings", status=503, body="")

    with pytest.raises(ServerError):
        client.upload_recording(io.BytesIO(b"audio"), filename="a.wav")

    assert len(api.requests) == 1
    assert sleeps == []


def test_upload_recording_without_external_id_does_not_repeat_after_a_dropped_connection(
    client, api
):
    api.fail("POST", "/recordings", requests.ConnectionError("connection reset"))

    with pytest.raises(TransportError):
        client.upload_recording(io.BytesIO(b"audio"), filename="a.wav")

    assert len(api.requests) == 1


# Upload over a real socket: the file is read in chunks, never whole.


class ReadCountingFile(io.FileIO):
    """A real file that remembers the size of every read."""

    def __init__(self, path):
        super().__init__(path, "rb")
        self.reads = []

    def read(self, size=-1):
        chunk = super().read(size)
        self.reads.append(len(chunk))
        return chunk


class CaptureUpload(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.captured = (self.path, dict(self.headers), body)
        answer = json.dumps({"data": {"id": 1, "status": "pending"}}).encode()
        self.send_response(201)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


@pytest.fixture
def upload_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), CaptureUpload)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_upload_recording_streams_a_large_file_from_disk_in_chunks(upload_server, tmp_path):
    audio = tmp_path / "long.wav"
    audio.write_bytes(bytes(range(256)) * 4096 * 5)  # 5 MiB
    session = requests.Session()
    session.trust_env = False  # straight to the local server, whatever proxy the machine has
    host, port = upload_server.server_address
    client = IdentityCallClient("idc_" + "b" * 32, base_url=f"http://{host}:{port}/api/v1/public",
                                session=session)
    stream = ReadCountingFile(audio)

    with stream:
        result = client.upload_recording(stream, filename="long.wav", project_id=42)

    path, headers, body = upload_server.captured
    assert path == "/api/v1/public/recordings"
    assert headers["Authorization"] == "Bearer idc_" + "b" * 32
    decoded = MultipartDecoder(body, headers["Content-Type"])
    assert [part.content for part in decoded.parts] == [b"42", audio.read_bytes()]
    assert max(stream.reads) <= 1024 * 1024  # 1 MiB at a time, never the whole file
    assert len(stream.reads) > 5
    assert result.created


# Upload of a file still arriving (stream_recording): sent once, its external_id after the file.


def arriving(*chunks, log=None):
    """Yield chunks as a file arriving from a browser would, noting each one in `log`."""
    for chunk in chunks:
        if log is not None:
            log.append(chunk)
        yield chunk


def test_stream_recording_sends_fields_then_the_file_then_the_late_external_id(client, api, key):
    api.reply("POST", "/recordings", status=201, data={"id": 7, "public_id": "018f"})
    seen = []
    asked = []

    def external_id():
        asked.append(len(seen))  # only once every chunk has gone
        return "console-" + "a" * 32

    result = client.stream_recording(
        arriving(b"RIFF", b"-more-", b"audio", log=seen), size=15, filename="call.wav",
        project_id=3, language="de", name="Morning", external_id=external_id,
        external_id_length=40,
    )

    sent = api.last
    assert sent.headers["Authorization"] == f"Bearer {key}"
    assert int(sent.headers["Content-Length"]) == len(sent.body)
    assert multipart_fields(sent) == {
        "project_id": (None, b"3"),
        "language": (None, b"de"),
        "name": (None, b"Morning"),
        "file": ("call.wav", b"RIFF-more-audio"),
        "external_id": (None, b"console-" + b"a" * 32),
    }
    assert list(multipart_fields(sent))[-1] == "external_id"
    assert asked == [3]
    assert api.last.req_kwargs["timeout"] == (3.05, 300.0)
    assert (result.created, result.recording.ref) == (True, "018f")


def test_stream_recording_tells_a_replay_from_a_new_recording(client, api):
    api.reply("POST", "/recordings", status=200, data={"id": 7})

    result = client.stream_recording(arriving(b"abc"), size=3, filename="a.mp3",
                                     external_id=lambda: "x", external_id_length=1)

    assert result.created is False


def test_stream_recording_is_never_retried_as_its_chunks_cannot_be_read_again(client, api, sleeps):
    api.reply("POST", "/recordings", status=503, body="")

    with pytest.raises(ServerError):
        client.stream_recording(arriving(b"abc"), size=3, filename="a.mp3",
                                external_id=lambda: "x", external_id_length=1)

    assert len(api.requests) == 1
    assert sleeps == []


def test_stream_recording_raises_the_sources_own_error_when_the_file_stops_arriving(client, api):
    class BrowserLeft(Exception):
        pass

    def broken():
        yield b"abc"
        raise BrowserLeft()

    with pytest.raises(BrowserLeft):
        client.stream_recording(broken(), size=10, filename="a.mp3",
                                external_id=lambda: "x", external_id_length=1)


@pytest.mark.parametrize(("chunks", "external_id"), [
    ((b"abc",), "x"),  # shorter than declared
    ((b"abcdefghijk",), "x"),  # longer than declared
    ((b"abcdefghij",), "xy"),  # the external_id is longer than declared
])
def test_stream_recording_refuses_to_finish_a_body_of_another_length(client, api, chunks,
                                                                     external_id):
    with pytest.raises(BodyMismatch):
        client.stream_recording(arriving(*chunks), size=10, filename="a.mp3",
                                external_id=lambda: external_id, external_id_length=1)


def test_stream_recording_over_a_real_socket_arrives_whole(upload_server):
    session = requests.Session()
    session.trust_env = False
    host, port = upload_server.server_address
    client = IdentityCallClient("idc_" + "b" * 32, base_url=f"http://{host}:{port}/api/v1/public",
                                session=session)
    chunks = [bytes([n]) * (256 * 1024) for n in range(12)]  # 3 MiB in 256 KiB pieces

    result = client.stream_recording(iter(chunks), size=3 * 1024 * 1024, filename="long.wav",
                                     project_id=42, external_id=lambda: "late-id",
                                     external_id_length=7)

    _, headers, body = upload_server.captured
    assert "Transfer-Encoding" not in headers  # a known length, not chunked encoding
    decoded = MultipartDecoder(body, headers["Content-Type"])
    assert [part.content for part in decoded.parts] == [b"42", b"".join(chunks), b"late-id"]
    assert result.created is True
