"""Kept audio on S3-compatible storage (AUDIO_STORAGE_URL), against moto's server on loopback:
kept by streaming, found, deleted with its recording, pruned, and the storage's generic
save/open/delete that files staged for the background queue use."""

import hashlib
from datetime import timedelta
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.core.management import call_command
from django.utils import timezone

from apps.identitycall.resources import Recording
from apps.recordings.ingest import storage
from apps.recordings.models import StoredAudio
from tests.factories import BASE
from tests.recordings.conftest import recording_json
from tests.recordings.test_kept_audio_page import kept_audio_text
from tests.recordings.uploading import NEW_REF, WAV_SHA, fake_projects, fake_upload, send_one
from tests.s3_server import s3_server, s3_storage  # noqa: F401  (fixtures)

AUDIO = bytes(range(256)) * 64 + b"tail"  # 16,388 bytes that show where a slice came from


def keep(number, content=AUDIO, name="call.wav", user=None):
    recording = Recording(id=number, public_id=f"018f3a00-0000-7000-8000-{number:012d}")
    return storage.keep_copy(recording=recording, file=SimpleUploadedFile(name, content),
                             original_name=name, user=user,
                             sha256=hashlib.sha256(content).hexdigest())


def test_a_kept_copy_lands_in_the_bucket_under_the_prefix_byte_for_byte(db, s3_storage):
    kept = keep(7)

    key = f"console/audio/{kept.recording_key}/call.wav"
    assert s3_storage.keys() == [key]
    assert hashlib.sha256(s3_storage.read(key)).hexdigest() == kept.sha256
    grants = s3_storage.client.get_object_acl(Bucket=s3_storage.name, Key=key)["Grants"]
    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]  # private: owner only
    assert storage.playable(kept.recording_key)
    assert storage.where_kept() == "in shared object storage"


def test_an_upload_through_the_console_is_kept_in_the_bucket(keyed, upstream, s3_storage,
                                                             private_dirs):
    fake_projects(upstream)
    fake_upload(upstream)

    response = send_one(keyed)

    assert response.status_code == 201
    assert "it cannot be played here" not in response.content.decode()
    stored = StoredAudio.objects.get(recording_key=NEW_REF)
    assert stored.sha256 == WAV_SHA
    assert hashlib.sha256(s3_storage.read(f"console/{stored.file.name}")).hexdigest() == WAV_SHA
    assert list(private_dirs.iterdir()) == []  # uploaded from the temp file, which is gone


def test_a_temp_file_is_uploaded_from_its_path_in_parts(db, s3_storage, settings, tmp_path,
                                                        monkeypatch):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    content = bytes(range(256)) * (40 * 4096)  # 40 MiB: five 8 MiB parts
    upload = TemporaryUploadedFile("big.wav", "audio/wav", len(content), None)
    upload.write(content)
    upload.flush()
    monkeypatch.setattr(upload.file, "read", None)  # sent from its path: never read here
    recording = Recording(id=9, public_id="018f3a00-0000-7000-8000-000000000009")

    kept = storage.keep_copy(recording=recording, file=upload, original_name="big.wav",
                             user=None, sha256=hashlib.sha256(content).hexdigest())

    key = f"console/{kept.file.name}"
    head = s3_storage.client.head_object(Bucket=s3_storage.name, Key=key)
    assert head["ContentLength"] == len(content)
    assert head["ETag"].strip('"').endswith("-5")  # a multipart upload of five parts
    assert hashlib.sha256(s3_storage.read(key)).hexdigest() == kept.sha256
    upload.close()


def test_two_files_with_one_name_are_two_objects(db, s3_storage):
    first = default_storage.save("queued/call.wav", ContentFile(b"one"))
    second = default_storage.save("queued/call.wav", ContentFile(b"two"))

    assert first != second
    assert s3_storage.read(f"console/{first}") == b"one"
    assert s3_storage.read(f"console/{second}") == b"two"


def test_staged_files_can_be_saved_read_in_chunks_sought_and_deleted(db, s3_storage):
    name = default_storage.save("queued/abc/call.wav", ContentFile(AUDIO))

    assert default_storage.exists(name)
    assert default_storage.size(name) == len(AUDIO)
    with default_storage.open(name, "rb") as handle:
        assert handle.size == len(AUDIO)
        assert b"".join(handle.chunks(chunk_size=1000)) == AUDIO
        handle.seek(-4, 2)
        assert handle.read() == b"tail"
        handle.seek(300)
        assert handle.read(2) == AUDIO[300:302]
        assert handle.tell() == 302
    default_storage.delete(name)
    assert not default_storage.exists(name)
    assert s3_storage.keys() == []


def test_opening_for_reading_fetches_bytes_as_they_are_read_not_the_whole_object(db, s3_storage,
                                                                                monkeypatch):
    name = default_storage.save("queued/call.wav", ContentFile(AUDIO))
    handle = default_storage.open(name, "rb")
    asked = []
    real_get = handle._client.get_object

    def get_object(**kwargs):
        asked.append(kwargs.get("Range"))
        return real_get(**kwargs)

    monkeypatch.setattr(handle._client, "get_object", get_object)

    handle.set_range(1000, 1099)
    assert handle.read(5000) == AUDIO[1000:1100]
    handle.seek(16000)
    assert handle.read(4) == AUDIO[16000:16004]
    handle.close()

    assert asked == ["bytes=1000-1099", f"bytes=16000-{len(AUDIO) - 1}"]


def test_a_missing_object_cannot_be_opened(db, s3_storage):
    with pytest.raises(FileNotFoundError):
        default_storage.open("queued/nothing-here.wav", "rb")


def test_a_staged_file_is_kept_by_a_copy_inside_the_bucket(db, s3_storage, monkeypatch):
    staged = default_storage.save("queued/x/call.wav", ContentFile(AUDIO))
    recording = Recording(id=11, public_id="018f3a00-0000-7000-8000-000000000011")

    with default_storage.open(staged, "rb") as handle:
        monkeypatch.setattr(handle, "read", None)  # copied by the store: never read here
        kept = storage.keep_copy(recording=recording, file=handle, original_name="call.wav",
                                 user=None, sha256=hashlib.sha256(AUDIO).hexdigest())

    assert s3_storage.read(f"console/{kept.file.name}") == AUDIO
    head = s3_storage.client.head_object(Bucket=s3_storage.name, Key=f"console/{kept.file.name}")
    assert head["ContentType"] == "audio/x-wav"


def test_no_link_to_the_store_is_ever_made(db, s3_storage):
    kept = keep(12)

    with pytest.raises(NotImplementedError):
        kept.file.url  # noqa: B018


def test_deleting_the_recording_deletes_the_object(keyed, upstream, s3_storage):
    kept = keep(21)
    ref = kept.recording_key
    upstream.delete(f"{BASE}/recordings/{ref}", status=204)

    response = keyed.post(f"/recordings/{ref}/delete/", {"name": "Call 21"})

    assert response.status_code == 302
    assert s3_storage.keys() == []
    assert not StoredAudio.objects.exists()


def test_prune_deletes_old_objects_and_keeps_recent_ones(db, settings, s3_storage):
    settings.AUDIO_RETENTION_DAYS = 30
    for number, days in ((1, 31), (2, 90), (3, 29)):
        kept = keep(number, content=bytes([number]) * 1000)
        StoredAudio.objects.filter(pk=kept.pk).update(
            created_at=timezone.now() - timedelta(days=days))
    out = StringIO()

    call_command("prune_audio", stdout=out)

    assert "Deleted 2 audio copies older than 30 days, freeing 2.0 KB." in out.getvalue()
    assert s3_storage.keys() == [
        "console/audio/018f3a00-0000-7000-8000-000000000003/call.wav"]
    assert list(StoredAudio.objects.values_list("recording_id", flat=True)) == [3]


def test_an_object_already_gone_is_not_playable_and_its_row_is_pruned(db, settings, s3_storage):
    kept = keep(31)
    s3_storage.client.delete_object(Bucket=s3_storage.name, Key=f"console/{kept.file.name}")

    assert not storage.playable(kept.recording_key)
    call_command("prune_audio", "--days", "0", stdout=StringIO())
    assert not StoredAudio.objects.exists()


def test_the_kept_audio_page_says_copies_are_in_shared_object_storage(keyed, s3_storage, user):
    keep(41, user=user)

    text = kept_audio_text(keyed.get("/recordings/kept-audio/").content.decode())

    assert "uploaded through it, in shared object storage." in text
    assert "Your uploads 1 copy, 16.0 KB" in text


def test_a_recording_uploaded_elsewhere_has_no_copy_on_s3(keyed, upstream, s3_storage):
    ref = "018f3a00-0000-7000-8000-000000000999"
    upstream.get(f"{BASE}/recordings/{ref}", json={"data": recording_json(id=999, public_id=ref)})

    assert keyed.get(f"/recordings/{ref}/audio").status_code == 404


def test_a_queued_upload_is_staged_in_the_bucket_and_read_back_whole(user, s3_storage, settings,
                                                                     tmp_path):
    from apps.recordings.ingest.queue import delete_staged, stage
    from apps.recordings.ingest.queue_sending import local_copy

    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    upload = TemporaryUploadedFile("call.wav", "audio/wav", len(AUDIO), None)
    upload.write(AUDIO)
    upload.flush()
    upload.sha256 = hashlib.sha256(AUDIO).hexdigest()

    row = stage(user, "fingerprint", upload, {"project": "1"})

    assert s3_storage.keys() == [f"console/{row.staged_name}"]
    assert row.staged_name.startswith("queued/")
    with local_copy(row) as copy:
        with open(copy.temporary_file_path(), "rb") as arrived:
            assert arrived.read() == AUDIO
    delete_staged(row.staged_name)
    assert s3_storage.keys() == []
    upload.close()
