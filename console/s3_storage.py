"""STORAGES["default"] on S3-compatible storage (AUDIO_STORAGE_URL, console/object_storage.py).

django-storages' S3Storage (boto3), changed where the console needs files of hundreds of MB to
stay out of memory and a store that is down to be one plain sentence:

* Reading streams. django-storages' S3File downloads the whole object on the first read, into a
  SpooledTemporaryFile whose max_memory_size (AWS_S3_MAX_MEMORY_SIZE) defaults to 0, which means
  "never roll over to disk": a 500 MB file would sit in memory. open(name, "rb") here returns an
  ObjectReader instead: one HEAD at open (a missing object is FileNotFoundError at once, as on
  disk), then bytes from a ranged GET as they are read. `set_range(first, last)` asks for exactly
  the bytes an HTTP Range names (apps/recordings/ranges.py).
* Writing streams. A file with a temporary_file_path() (every upload the console receives) is
  uploaded from that path: s3transfer sends it in 8 MiB parts read from disk as they go. Any
  other file object goes through s3transfer's file-object path, which copies each part into
  memory: TRANSFER allows at most four parts in flight. An ObjectReader of this same bucket is
  copied inside the store, not through the console.
* Every failure is an OSError: FileNotFoundError for a missing object, StorageUnavailable (errno
  EIO) for the rest, with the operation and the error's class or code but never a URL, a key or a
  credential, and without the botocore exception chained (its text names the endpoint). Callers
  written for a disk (`except OSError`) handle the store unchanged.
* url() is refused: audio is only ever served through the console's permission-checked view, so
  no pre-signed link (which names the access key id) is ever made for a page.
"""

import os
from contextlib import contextmanager

from boto3.exceptions import Boto3Error
from boto3.s3.transfer import TransferConfig
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from django.core.files.base import File
from storages.backends.s3 import S3Storage
from storages.utils import clean_name

from console.object_storage import StorageUnavailable

MiB = 1024 * 1024
# A store that does not answer is told within seconds (a page waiting on it must not hang for
# botocore's default 60 s), retried twice with back-off for a blip.
CONNECT_TIMEOUT, READ_TIMEOUT, ATTEMPTS = 3, 20, 3
# s3transfer holds up to max_in_memory_upload_chunks parts of a file object in memory (ten of
# 8 MiB by default); four bound that to ~32 MiB whatever the file's size (boto3's TransferConfig
# takes the two limits only as attributes).
TRANSFER = TransferConfig(multipart_threshold=8 * MiB, multipart_chunksize=8 * MiB,
                          max_concurrency=4)
TRANSFER.max_in_memory_upload_chunks = TRANSFER.max_in_memory_download_chunks = 4
_MISSING = {"404", "NoSuchKey", "NotFound"}


@contextmanager
def failures_as_oserror(action):
    """Turn a boto3 failure while doing `action` (e.g. "read a file") into an OSError."""
    try:
        yield
    except ClientError as exc:
        answer = exc.response or {}
        code = str(answer.get("Error", {}).get("Code")
                   or answer.get("ResponseMetadata", {}).get("HTTPStatusCode", "an error"))
        if code in _MISSING:
            raise FileNotFoundError(2, "No such file in the audio storage.") from None
        raise StorageUnavailable(f"The audio storage refused to {action} ({code}).") from None
    except (BotoCoreError, Boto3Error) as exc:
        raise StorageUnavailable(
            f"The audio storage could not be reached to {action} ({type(exc).__name__})."
        ) from None


class S3AudioStorage(S3Storage):
    """S3Storage that streams both ways and fails with OSError (see the module's docstring)."""

    def __init__(self, **options):
        options.setdefault("client_config", Config(
            s3={"addressing_style": options.get("addressing_style")},
            connect_timeout=CONNECT_TIMEOUT,
            read_timeout=READ_TIMEOUT,
            retries={"mode": "standard", "max_attempts": ATTEMPTS},
        ))
        options.setdefault("transfer_config", TRANSFER)
        super().__init__(**options)

    def key(self, name):
        """Return the object key of a stored file's name (the prefix added)."""
        return self._normalize_name(clean_name(name))

    def same_store(self, other):
        return (self.endpoint_url, self.bucket_name) == (other.endpoint_url, other.bucket_name)

    def _open(self, name, mode="rb"):
        if mode == "rb":
            return ObjectReader(self, name)
        with failures_as_oserror("open a file"):
            return super()._open(name, mode)

    def _save(self, name, content):
        name = clean_name(name)
        key = self.key(name)
        with failures_as_oserror("store a file"):
            params = self._get_write_parameters(key, content)
            target = self.bucket.Object(key)
            if isinstance(content, ObjectReader) and self.same_store(content.storage):
                source = {"Bucket": content.storage.bucket_name, "Key": content.key}
                target.copy(source, ExtraArgs=params, Config=self.transfer_config)
            elif hasattr(content, "temporary_file_path"):
                target.upload_file(content.temporary_file_path(), ExtraArgs=params,
                                   Config=self.transfer_config)
            else:
                return super()._save(name, content)
        return name

    def delete(self, name):
        with failures_as_oserror("delete a file"):
            super().delete(name)

    def exists(self, name):
        with failures_as_oserror("look for a file"):
            return super().exists(name)

    def size(self, name):
        with failures_as_oserror("look for a file"):
            return super().size(name)

    def listdir(self, name):
        with failures_as_oserror("list a folder"):
            return super().listdir(name)

    def get_modified_time(self, name):
        with failures_as_oserror("look for a file"):
            return super().get_modified_time(name)

    def url(self, name, parameters=None, expire=None, http_method=None):
        raise NotImplementedError(
            "Stored audio has no public address: the console serves it after a permission check."
        )


class ObjectReader(File):
    """A stored object open for reading: a Django File whose bytes come from ranged GETs as they
    are read (never the whole object at once), seekable, `size` known from the HEAD at open."""

    def __init__(self, storage, name):
        super().__init__(None, name)
        self.storage, self.mode = storage, "rb"
        self.key = storage.key(name)
        self._client = storage.connection.meta.client
        with failures_as_oserror("open a file"):
            head = self._client.head_object(Bucket=storage.bucket_name, Key=self.key)
        self.size = head["ContentLength"]
        self._position, self._last, self._body, self._closed = 0, None, None, False

    @property
    def closed(self):
        return self._closed

    def readable(self):
        return True

    def seekable(self):
        return True

    def writable(self):
        return False

    def tell(self):
        return self._position

    def seek(self, offset, whence=os.SEEK_SET):
        base = {os.SEEK_SET: 0, os.SEEK_CUR: self._position, os.SEEK_END: self.size}[whence]
        if base + offset < 0:
            raise ValueError("Negative seek position.")
        if base + offset != self._position or self._last is not None:
            self._drop_body()
            self._last = None
        self._position = base + offset
        return self._position

    def set_range(self, first, last):
        """Read bytes first to last (inclusive) next, fetched with one GET naming just those."""
        self.seek(first)
        self._last = last

    def read(self, size=-1):
        if self._closed:
            raise ValueError("I/O operation on closed file.")
        last = self.size - 1 if self._last is None else min(self._last, self.size - 1)
        left = last - self._position + 1
        if left <= 0:
            return b""
        size = left if size is None or size < 0 else min(size, left)
        with failures_as_oserror("read a file"):
            if self._body is None:
                answer = self._client.get_object(Bucket=self.storage.bucket_name, Key=self.key,
                                                 Range=f"bytes={self._position}-{last}")
                self._body = answer["Body"]
            data = self._body.read(size)
        self._position += len(data)
        return data

    def open(self, mode="rb"):
        if mode != "rb":
            raise ValueError("Stored audio opens for reading (rb) only.")
        self.seek(0)
        self._closed = False
        return self

    def close(self):
        self._drop_body()
        self._closed = True

    def _drop_body(self):
        """Let go of the GET being read (a later read asks again, from the new position)."""
        if self._body is not None:
            self._body.close()
            self._body = None
