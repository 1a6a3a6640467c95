"""A real S3-compatible server for tests: moto's standalone server, on loopback, one per run.

Use it from a test module (pytest finds fixtures imported into the module):

    from tests.s3_server import s3_server, s3_storage  # noqa: F401  (fixtures)

* `s3_server` (session fixture) is an S3Server: moto's server (`python -m moto.server`) in a
  child process on 127.0.0.1 and a free port, one for the whole run, stopped when it ends.
  Skipped, saying why, only when moto[server] is not installed (requirements-dev.txt pins it).
    - `server.endpoint`: "http://127.0.0.1:PORT".
    - `server.env`: the AWS_* variables a console process needs (fake credentials moto accepts);
      add them to a child process's environment, with AUDIO_STORAGE_URL.
    - `server.create_bucket(prefix="console/")`: make a new, empty bucket with a unique name and
      return its AUDIO_STORAGE_URL (s3://NAME?endpoint_url=…&region=us-east-1&prefix=…).
    - `server.client()`: a boto3 S3 client, to look at the objects directly.
    - `server.stop()`: stops a server; never stop the shared `s3_server` (other modules use
      it): for an outage, `start_s3_server()` starts a server of your own to stop.
* `s3_storage` (function fixture) makes a new bucket this test's STORAGES["default"] (settings
  and the AWS_* environment patched) and yields an S3Bucket: `url` (its AUDIO_STORAGE_URL),
  `name`, `prefix`, `client`, `keys()` (every object key in it, sorted) and `read(key)`.
* `use_bucket(server, settings, monkeypatch)` does the same with a server of your own, and
  `use_storage_url(url, env, settings, monkeypatch)` with any AUDIO_STORAGE_URL.

Credentials are fake and distinctive (SECRET_ACCESS_KEY below), so a test can assert they never
reach a page or a log.
"""

import atexit
import importlib.util
import itertools
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass

import pytest

REGION = "us-east-1"
ACCESS_KEY_ID = "AKIAH3TESTONLY000001"
SECRET_ACCESS_KEY = "h3-test-secret-never-shown/9Yt2QxV7Lm"
START_SECONDS = 30
_buckets = itertools.count(1)


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class S3Server:
    """moto's standalone server in a child process (see the module's docstring)."""

    def __init__(self):
        self.port = _free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.env = {
            "AWS_ACCESS_KEY_ID": ACCESS_KEY_ID,
            "AWS_SECRET_ACCESS_KEY": SECRET_ACCESS_KEY,
            "AWS_DEFAULT_REGION": REGION,
        }
        self._log = tempfile.TemporaryFile()
        self._process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)],
            stdout=self._log, stderr=subprocess.STDOUT, env={**os.environ, **self.env},
        )
        self._wait_until_up()

    def _wait_until_up(self):
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                break
            try:
                with urllib.request.urlopen(self.endpoint + "/moto-api/", timeout=1):
                    return
            except (urllib.error.URLError, OSError):
                time.sleep(0.1)
        self.stop()
        self._log.seek(0)
        raise RuntimeError("moto's S3 server did not start:\n" + self._log.read()[-2000:].decode())

    def client(self):
        import boto3

        return boto3.client("s3", endpoint_url=self.endpoint, region_name=REGION,
                            aws_access_key_id=ACCESS_KEY_ID,
                            aws_secret_access_key=SECRET_ACCESS_KEY)

    def create_bucket(self, prefix="console/"):
        """Create an empty bucket; return its AUDIO_STORAGE_URL."""
        name = f"audio-{os.getpid()}-{next(_buckets)}"
        self.client().create_bucket(Bucket=name)
        url = f"s3://{name}?endpoint_url={self.endpoint}&region={REGION}"
        return url + (f"&prefix={prefix}" if prefix else "")

    def stop(self):
        if self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._log.close()


def start_s3_server():
    """Start moto's S3 server; return the S3Server, or skip the test when moto is not installed."""
    # Looked for, not imported: importing moto here would hook its stubber into every boto3
    # client of the test process. The server runs in its own process.
    if importlib.util.find_spec("moto") is None:
        pytest.skip("moto[server] is not installed (pip install -r requirements-dev.txt): the "
                    "tests of kept audio on S3-compatible storage need its local S3 server")
    return S3Server()


_shared = []


@pytest.fixture(scope="session")
def s3_server():
    # Every module importing this fixture gets its own session-scoped copy of it: they all share
    # one server, started on first use and stopped when the test process exits.
    if not _shared:
        _shared.append(start_s3_server())
        atexit.register(_shared[0].stop)
    return _shared[0]


@dataclass
class S3Bucket:
    """One test's bucket: its AUDIO_STORAGE_URL and a way to look inside."""

    url: str
    name: str
    prefix: str
    client: object

    def keys(self):
        answer = self.client.list_objects_v2(Bucket=self.name)
        return sorted(item["Key"] for item in answer.get("Contents", []))

    def read(self, key):
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()


def use_storage_url(url, env, settings, monkeypatch):
    """Make the bucket of AUDIO_STORAGE_URL `url` STORAGES["default"] for this test, with the
    AWS_* variables of `env` (an S3Server's env) in the environment."""
    from console.object_storage import default_storage_from_url

    for name, value in env.items():
        monkeypatch.setenv(name, value)
    settings.STORAGES = {**settings.STORAGES, "default": default_storage_from_url(url)}


def use_bucket(server, settings, monkeypatch, prefix="console/"):
    """Make a new bucket STORAGES["default"] for this test; return its S3Bucket."""
    url = server.create_bucket(prefix)
    use_storage_url(url, server.env, settings, monkeypatch)
    name = url.removeprefix("s3://").split("?")[0]
    return S3Bucket(url=url, name=name, prefix=prefix, client=server.client())


@pytest.fixture
def s3_storage(s3_server, settings, monkeypatch):
    return use_bucket(s3_server, settings, monkeypatch)
