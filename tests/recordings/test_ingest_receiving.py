"""apps/recordings/ingest/receiving.py: both upload paths write through one hashing writer."""

import hashlib
import os

import pytest
from django.core.files.uploadedfile import TemporaryUploadedFile

from apps.identitycall.resources import Project, Recording, UploadResult
from apps.recordings.ingest.receiving import CHUNK, SYNC_BYTES, HashingWriter
from apps.recordings.models import StoredAudio
from tests.recordings.uploading import NEW_REF, PAGE, WAV, form, wav

MIB = 1024 * 1024


# Temp uploads and kept copies in each test's own folders (tests/recordings/conftest.py).
pytestmark = pytest.mark.usefixtures("private_dirs")


def temp_file(name="call.wav"):
    return TemporaryUploadedFile(name, None, 0, None)


def test_one_chunk_is_one_mib_and_pages_are_dropped_every_eight():
    assert CHUNK == MIB
    assert SYNC_BYTES == 8 * MIB


def test_a_file_written_in_chunks_carries_the_hash_of_its_whole_content_and_is_rewound():
    content = WAV * 1000
    file = temp_file()
    writer = HashingWriter(file)
    for start in range(0, len(content), 1000):
        writer.write(content[start:start + 1000])

    sha256 = writer.finish()

    assert sha256 == file.sha256 == hashlib.sha256(content).hexdigest()
    assert file.tell() == 0 and file.read() == content
    file.close()


def test_the_writer_hands_written_pages_back_to_the_system_every_8_mib(advice):
    file = temp_file()
    writer = HashingWriter(file)
    for _ in range(20):
        writer.write(b"\x01" * MIB)
    writer.finish()

    assert advice == [(8 * MIB, 0, 0, os.POSIX_FADV_DONTNEED),
                      (16 * MIB, 0, 0, os.POSIX_FADV_DONTNEED)]
    file.close()


def test_without_javascript_files_are_hashed_and_written_by_the_same_writer(keyed, monkeypatch, advice):
    content = bytes(range(256)) * 4096 * 20  # 20 MiB
    seen = {}

    class FakeClient:
        def list_projects(self):
            return [Project(id=1, name="P", language="en")]

        def upload_recording(self, file, **fields):
            seen["content"], seen["fields"] = file.read(), fields
            return UploadResult(Recording(id=5, public_id=NEW_REF, name="call"), created=True)

    monkeypatch.setattr("apps.recordings.views.upload.client_for", lambda user: FakeClient())

    response = keyed.post(PAGE, form(files=wav("long.wav", content)))

    sha256 = hashlib.sha256(content).hexdigest()
    assert response.status_code == 302
    assert seen["content"] == content
    assert seen["fields"]["external_id"] == "console-" + sha256[:32]
    # The form's chunks do not start at the file's first byte: each drop comes with the chunk
    # that crossed the next 8 MiB.
    first, second = (size for size, *_ in advice)
    assert 8 * MIB <= first < 8 * MIB + CHUNK and 16 * MIB <= second < 16 * MIB + CHUNK
    assert StoredAudio.objects.get(recording_key=NEW_REF).sha256 == sha256
