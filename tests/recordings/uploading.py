"""Helpers for the upload tests: a fake IdentityCall upload, the form's fields, sending a file."""

import hashlib
import json
from urllib.parse import urlencode

import responses
from django.core.files.uploadedfile import SimpleUploadedFile
from requests_toolbelt.multipart.decoder import MultipartDecoder

from apps.identitycall.resources import Project, Recording, UploadResult
from tests.factories import BASE
from tests.recordings.conftest import project_json, recording_json

PAGE = "/recordings/upload/"
ONE_FILE = "/recordings/upload/file/"
WAV = b"RIFF$\x00\x00\x00WAVEfmt " + bytes(range(256)) * 8
WAV_SHA = hashlib.sha256(WAV).hexdigest()
PROJECTS = [
    project_json(id=1, name="Support EN", language="en"),
    project_json(id=2, name="Sales LT", language="lt"),
]
NEW_REF = "018f3a00-0000-7000-8000-000000000501"


def wav(name="call.wav", content=WAV):
    return SimpleUploadedFile(name, content, content_type="audio/wav")


def fake_projects(upstream, projects=PROJECTS):
    return upstream.get(f"{BASE}/projects", json={"data": projects})


def fake_upload(upstream, *, status=201, data=None, json_body=None, headers=None):
    """Answer POST /recordings; return the list the multipart fields of each call land in."""
    sent = []

    def reply(request):
        body = request.body.read() if hasattr(request.body, "read") else request.body
        decoder = MultipartDecoder(body, request.headers["Content-Type"])
        fields = {}
        for part in decoder.parts:
            disposition = part.headers[b"Content-Disposition"].decode()
            name = disposition.split('name="')[1].split('"')[0]
            filename = disposition.split('filename="')[1].split('"')[0] if "filename=" in disposition else None
            fields[name] = (filename, part.content) if filename else part.text
        sent.append(fields)
        body = json_body if json_body is not None else {"data": data or recording_json(
            id=501, public_id=NEW_REF, name="call", status="pending")}
        return status, headers or {}, json.dumps(body)

    upstream.add_callback(responses.POST, f"{BASE}/recordings", callback=reply)
    return sent


def form(**fields):
    return {"project": "1", "language": "", "name": "", "external_id": ""} | fields


def send_one(client, filename="call.wav", content=WAV, **fields):
    """POST one file the way upload.js does: the file as the body, the fields in a header."""
    header = urlencode(form(filename=filename, **fields))
    # Like a browser, the type and length are sent even for an empty file.
    return client.post(ONE_FILE, data=content, content_type="application/octet-stream",
                       headers={"X-Upload-Fields": header}, CONTENT_LENGTH=str(len(content)),
                       CONTENT_TYPE="application/octet-stream")


class RelayingClient:
    """Stands in for IdentityCall: takes a streamed upload, noting what it saw as it arrived."""

    def __init__(self, private_dirs):
        self.private_dirs = private_dirs
        self.chunk_sizes = []
        self.on_disk_at_first_chunk = None
        self.external_id = None

    def list_projects(self):
        return [Project(id=1, name="P", language="en")]

    def stream_recording(self, chunks, *, size, external_id, external_id_length, **fields):
        received = bytearray()
        for chunk in chunks:
            if not self.chunk_sizes:
                self.on_disk_at_first_chunk = sum(
                    path.stat().st_size for path in self.private_dirs.iterdir())
            self.chunk_sizes.append(len(chunk))
            received += chunk
        self.external_id = external_id()
        assert len(self.external_id.encode()) == external_id_length
        self.received, self.size, self.fields = bytes(received), size, fields
        return UploadResult(Recording(id=5, public_id=NEW_REF, name="call"), created=True)
