"""Two instances, one truth: two console instances and one worker, each with a disk of its own,
on one PostgreSQL, one Redis and one S3 bucket (tests/deploy/two_instances.py says how they run).
A session started on A works on B, a login throttle counted on A holds on B, a file uploaded on
A plays on B, and a task enqueued through A runs once."""

import hashlib
import sqlite3
import urllib.parse
import uuid

import pytest
import redis

from tests.deploy.processes import wait_until
from tests.deploy.services import postgres_connect, redis_url, scratch_postgres
from tests.deploy.two_instances import start_world
from tests.s3_server import s3_server  # noqa: F401  (fixture)

THROTTLED = "Too many failed attempts"


@pytest.fixture(scope="module")
def world(tmp_path_factory, s3_server):  # noqa: F811
    cache_url = redis_url()
    store = redis.Redis.from_url(cache_url)
    store.flushdb()  # this test's own Redis database (tests/deploy/services.py)
    storage_url = s3_server.create_bucket(prefix="console/")
    with scratch_postgres("instances") as database_url:
        world = start_world(tmp_path_factory.mktemp("two-instances"), database_url=database_url,
                            cache_url=cache_url, storage_url=storage_url, s3_env=s3_server.env,
                            users=[("ada", "full"), ("grace", None)])
        world.redis = store
        world.bucket = storage_url.removeprefix("s3://").split("?")[0]
        world.s3 = s3_server.client()
        try:
            with postgres_connect(database_url) as db:
                world.db = db
                yield world
        finally:
            world.stop()


def small_wav(salt):
    """A few KB of WAV, unique to this run (its content-derived external_id is new)."""
    return b"RIFF$\x00\x00\x00WAVEfmt " + salt.encode() + bytes(range(256)) * 16


def first_project(world):
    listed = world.sandbox_get("/projects", world.keys["full"])
    return (listed.get("data") if isinstance(listed, dict) else listed)[0]["id"]


def test_a_session_started_on_a_works_on_b_and_ends_on_both(world):
    a, b = world.urls
    ada = world.browser()
    assert ada.log_in(a, "ada").status_code == 302

    on_b = ada.get(f"{b}/recordings/", allow_redirects=False)  # the load balancer's next pick
    assert on_b.status_code == 200 and "Signed in as <strong>ada</strong>" in on_b.text

    assert ada.post(f"{b}/accounts/logout/", referer=f"{b}/recordings/").status_code == 302
    back_on_a = ada.get(f"{a}/recordings/", allow_redirects=False)
    assert back_on_a.status_code == 302 and "/accounts/login/" in back_on_a.headers["Location"]


def test_a_login_throttle_counted_on_a_holds_on_b(world):
    a, b = world.urls
    guesser = world.browser()
    for base in (a, b):  # two wrong passwords, one on each instance
        wrong = guesser.log_in(base, "grace", password="not-the-password")
        assert wrong.status_code == 200 and THROTTLED not in wrong.text

    third = guesser.log_in(a, "grace", password="still-not-it")  # the limit is 3, counted on both
    refused = world.browser().log_in(b, "grace")  # the right password, refused all the same

    assert third.status_code == 429 and THROTTLED in third.text
    assert refused.status_code == 429 and THROTTLED in refused.text
    assert world.redis.keys("*login-throttle*")  # counted in the shared Redis


def test_a_file_uploaded_on_a_plays_on_b(world):
    a, b = world.urls
    audio = small_wav(uuid.uuid4().hex)
    ada = world.browser()
    assert ada.log_in(a, "ada").status_code == 302
    ada.get(f"{a}/recordings/upload/")

    sent = ada.post(f"{a}/recordings/upload/", {"project": first_project(world)},
                    files={"files": ("two-instances.wav", audio, "audio/wav")},
                    referer=f"{a}/recordings/upload/")
    assert sent.status_code in (200, 302), sent.text[-2000:]
    key = wait_until(lambda: world.db.execute(
        "SELECT recording_key FROM recordings_stored_audio WHERE sha256 = %s",
        [hashlib.sha256(audio).hexdigest()]).fetchone(), timeout=60, what="the kept copy")[0]

    played = ada.get(f"{b}/recordings/{urllib.parse.quote(key)}/audio")
    assert played.status_code == 200 and played.content == audio
    ranged = ada.get(f"{b}/recordings/{urllib.parse.quote(key)}/audio",
                     headers={"Range": "bytes=4-11"})
    assert ranged.status_code == 206 and ranged.content == audio[4:12]
    objects = world.s3.list_objects_v2(Bucket=world.bucket).get("Contents", [])
    assert any(item["Size"] == len(audio) for item in objects)  # the copy is in the bucket …
    assert not list((world.scratch / "a" / "var").rglob("*.wav"))  # … not on A's own disk


def test_an_upload_queued_through_a_is_sent_once_by_the_worker(world):
    a, _ = world.urls
    name = f"queued-{uuid.uuid4().hex[:8]}.wav"
    ada = world.browser()
    assert ada.log_in(a, "ada").status_code == 302
    ada.get(f"{a}/recordings/upload/")
    fields = urllib.parse.urlencode({"filename": name, "project": first_project(world)})

    queued = ada.session.post(
        f"{a}/recordings/upload/queue/", data=small_wav(name), timeout=60,
        headers={"Content-Type": "application/octet-stream", "X-Upload-Fields": fields,
                 "X-CSRFToken": ada.csrf_token(), "Referer": f"{a}/recordings/upload/"},
    )

    assert queued.status_code == 202, queued.text[-2000:]
    upload_id = queued.headers["X-Queued-Upload"]
    wait_until(lambda: world.db.execute(
        "SELECT 1 FROM recordings_queued_upload WHERE id = %s AND status = 'sent'",
        [upload_id]).fetchone(), timeout=60, what="the worker to send the queued upload")
    runs = world.db.execute(
        "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult "
        "WHERE task_path = 'apps.recordings.tasks.send_queued_upload' "
        "AND args_kwargs::text LIKE %s", [f"%{upload_id}%"]).fetchall()
    assert [(status, len(workers)) for status, workers in runs] == [("SUCCESSFUL", 1)]
    with sqlite3.connect(world.scratch / "sandbox.sqlite3") as sandbox:
        stored = sandbox.execute("SELECT count(*) FROM sandbox_recording WHERE file_name = ?",
                                 [name]).fetchone()[0]
    assert stored == 1  # IdentityCall received it exactly once
