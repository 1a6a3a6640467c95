"""The image's roles run from the checkout exactly as a container runs them (docker/entrypoint.sh,
production settings), without a Docker engine: `web` refuses traffic (/healthz 503) until
`migrate` has run, then answers; `worker` beats and its health check sees it; nothing is written
outside the data directory (no gunicorn control socket under $HOME); `bucket` makes compose's
bundled store's bucket once."""

import json
import signal
import subprocess
import urllib.error
import urllib.request
import uuid

from tests.deploy.processes import ROOT, Started, free_port, wait_until
from tests.deploy.services import production_env
from tests.s3_server import s3_server  # noqa: F401  (fixture)

ENTRYPOINT = str(ROOT / "docker" / "entrypoint.sh")


def healthz(port):
    """(status, body) of /healthz, asked under the configured host name."""
    request = urllib.request.Request(f"http://127.0.0.1:{port}/healthz",
                                     headers={"Host": "console.example.com"})
    try:
        with urllib.request.urlopen(request, timeout=5) as answer:
            return answer.status, json.load(answer)
    except urllib.error.HTTPError as refused:
        return refused.code, json.load(refused)


def role(*args, env):
    return subprocess.run([ENTRYPOINT, *args], cwd="/", env=env, capture_output=True,
                          text=True, timeout=180)


def test_web_waits_for_migrate_and_worker_beats_writing_only_to_the_data_directory(tmp_path):
    port = free_port()
    home, data = tmp_path / "home", tmp_path / "data"
    home.mkdir()
    env = production_env(CONSOLE_VAR_DIR=str(data), TMPDIR=str(data / "tmp"), PORT=str(port),
                         HOME=str(home), XDG_RUNTIME_DIR=None, WEB_WORKERS="1", WEB_THREADS="2",
                         JOBS_BEAT_SECONDS="0.5")
    web = Started([ENTRYPOINT, "web"], env=env, name="web", new_session=True)
    worker = None
    try:
        web.wait_for_line(r"Listening at: http://0\.0\.0\.0:%d" % port)
        assert healthz(port)[0] == 503  # a new release before `migrate`: no traffic yet

        migrated = role("migrate", env=env)
        assert migrated.returncode == 0, migrated.stderr
        status, body = healthz(port)
        assert status == 200 and body["worker"]["alive"] is False

        worker = Started([ENTRYPOINT, "worker"], env=env, name="worker", new_session=True)
        wait_until(lambda: healthz(port)[1]["worker"]["alive"], timeout=60,
                   what="/healthz to see the worker")
        alive = role("python", "manage.py", "worker_alive", env=env)
        assert alive.returncode == 0 and "is beating" in alive.stdout, alive.stderr

        assert worker.stop(signal.SIGTERM) == 0  # a container stop: a clean exit
        gone = role("python", "manage.py", "worker_alive", env=env)
        assert gone.returncode == 1 and "No worker on" in gone.stderr
        assert web.stop(signal.SIGTERM) == 0
    finally:
        web.stop(signal.SIGKILL)
        if worker:
            worker.stop(signal.SIGKILL)
    assert list(home.iterdir()) == []  # no control socket, nothing else under $HOME
    assert (data / "tmp").is_dir()  # temporary files go to the data volume


def test_the_bucket_role_creates_the_bundled_stores_bucket_once(tmp_path, s3_server):  # noqa: F811
    bucket = f"compose-{uuid.uuid4().hex[:12]}"
    env = production_env(CONSOLE_VAR_DIR=str(tmp_path), **s3_server.env,
                         AUDIO_STORAGE_URL=f"s3://{bucket}?endpoint_url={s3_server.endpoint}"
                                           "&region=us-east-1")

    first, again = role("bucket", env=env), role("bucket", env=env)

    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == f"Bucket {bucket} created."
    assert (again.returncode, again.stdout.strip()) == (0, f"Bucket {bucket} exists already.")
    assert bucket in [item["Name"] for item in s3_server.client().list_buckets()["Buckets"]]
    local = role("bucket", env={**env, "AUDIO_STORAGE_URL": ""})
    assert local.returncode == 0 and "stays on this machine's disk" in local.stdout


def test_the_bucket_role_gives_up_on_a_store_that_never_answers(tmp_path, s3_server):  # noqa: F811
    env = production_env(CONSOLE_VAR_DIR=str(tmp_path), **s3_server.env, BUCKET_WAIT_SECONDS="2",
                         AUDIO_STORAGE_URL=f"s3://never?endpoint_url=http://127.0.0.1:{free_port()}"
                                           "&region=us-east-1")

    gave_up = role("bucket", env=env)

    assert gave_up.returncode == 1
    assert "did not answer within 2 s" in gave_up.stderr
    assert "127.0.0.1" not in gave_up.stderr + gave_up.stdout  # the URL is never repeated
