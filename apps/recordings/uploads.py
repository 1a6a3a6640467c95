"""Upload rules and plumbing: allowed formats and sizes, hashing temp files, external ids."""

import hashlib
import os

from django.conf import settings
from django.core.files.uploadhandler import SkipFile, StopUpload, TemporaryFileUploadHandler
from django.template.defaultfilters import filesizeformat

MB = 1024 * 1024
# IdentityCall docs gap: the docs say "100 MB"/"500 MB" without defining MB; §5.2 infers 1024².
MAX_BYTES = {
    "mp3": 100 * MB,
    "m4a": 100 * MB,
    "ogg": 100 * MB,
    "webm": 100 * MB,
    "wav": 500 * MB,
    "flac": 500 * MB,
}
ACCEPT = ",".join(f".{extension}" for extension in MAX_BYTES)
CHUNK = 1024 * 1024
EXTERNAL_ID_PREFIX = "console-"


def extension_of(filename):
    """Return the lower-case extension of filename without the dot ('' when there is none)."""
    return os.path.splitext(filename or "")[1].lstrip(".").lower()


def type_error(filename):
    """Return why a file of this name cannot be uploaded, or None when its type is allowed."""
    # IdentityCall docs gap: whether the API checks the extension or the MIME type is undocumented;
    # the console checks the extension, the way the browser's file picker filters.
    if extension_of(filename) in MAX_BYTES:
        return None
    return (
        f"{filename} is not an audio file IdentityCall accepts "
        "(MP3, WAV, M4A, OGG, FLAC or WebM)."
    )


def size_error(filename, size):
    """Return why a file of this size is too large for its format, or None when it fits."""
    limit = MAX_BYTES.get(extension_of(filename))
    if limit is None or size <= limit:
        return None
    return too_large(filename, size)


def too_large(filename, size=None):
    """Return the sentence for a file over its format's limit (size when it is known)."""
    extension = extension_of(filename)
    measured = f"is {filesizeformat(size)}" if size else "is too large"
    return (
        f"{filename} {measured}; IdentityCall accepts {extension.upper()} files up to "
        f"{MAX_BYTES[extension] // MB} MB."
    )


def check_file(filename, size):
    """Return the first problem with a file (type, then size), or None when it can be sent."""
    if size == 0:
        return f"{filename} is empty."
    return type_error(filename) or size_error(filename, size)


def sha256_of(file):
    """Return the hex SHA-256 of an open binary file, read in chunks from the start."""
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in iter(lambda: file.read(CHUNK), b""):
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


def external_id_for(sha256, given="", batch_size=1):
    """Return a file's external_id: the user's (suffixed per file in a batch), else the hash's."""
    # The API replays a known (project_id, external_id) pair with 200 instead of storing a second
    # copy, so a deterministic id makes double submits and retries harmless.
    given = (given or "").strip()
    if not given:
        return EXTERNAL_ID_PREFIX + sha256[:32]
    if batch_size > 1:
        # Derived from the content, not the position, so the order files finish in does not matter.
        return f"{given}-{sha256[:12]}"
    return given


def display_name_for(filename, given="", batch_size=1):
    """Return the name to send: the user's, suffixed with the file name in a batch; else None."""
    given = (given or "").strip()
    if not given:
        return None
    if batch_size > 1:
        return f"{given} – {os.path.splitext(filename)[0]}"
    return given


class HashingUploadHandler(TemporaryFileUploadHandler):
    """Stream each uploaded file to a temp file, hashing it on the way and refusing bad ones early.

    Files of a type IdentityCall refuses, or larger than their format allows, are skipped while they
    arrive (nothing more is written to disk); their names and reasons are kept in `rejected`.
    Files past settings.UPLOAD_MAX_FILES are skipped too (`files_over_limit`: the request is
    refused whole). Accepted files get a `sha256` attribute.
    """

    def __init__(self, request=None):
        super().__init__(request)
        self.rejected = []
        self.files_seen = 0
        self.stopped = False  # reading stopped before the last file: more may have been sent
        self.max_files = settings.UPLOAD_MAX_FILES

    @property
    def files_over_limit(self):
        return self.files_seen > self.max_files

    @property
    def files_seen_text(self):
        """Return how many files the request holds, as far as it was read ("4 or more")."""
        return f"{self.files_seen} or more" if self.stopped else str(self.files_seen)

    def new_file(self, field_name, file_name, *args, **kwargs):
        # The temp file exists before a possible SkipFile, so the parser closes this file, not the
        # previous (already complete) one.
        super().new_file(field_name, file_name, *args, **kwargs)
        self.digest = hashlib.sha256()
        self.limit = MAX_BYTES.get(extension_of(file_name))
        self.files_seen += 1
        if self.files_over_limit:
            self._skip_the_rest()
        problem = type_error(file_name)
        if problem:
            self.rejected.append((file_name, problem))
            raise SkipFile()

    def _skip_the_rest(self):
        """Write nothing more: the request is refused whole (views.upload: files_over_limit)."""
        cap = settings.DATA_UPLOAD_MAX_NUMBER_FILES
        if cap is not None and self.files_seen >= cap:
            # One more file and Django would refuse the request with a bare 400 (TooManyFilesSent);
            # stop here instead, so the page can still say what to do. The rest is read, unparsed.
            self.stopped = True
            raise StopUpload(connection_reset=False)
        raise SkipFile()

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.limit:
            self.rejected.append((self.file_name, too_large(self.file_name)))
            raise SkipFile()
        self.digest.update(raw_data)
        return super().receive_data_chunk(raw_data, start)

    def file_complete(self, file_size):
        file = super().file_complete(file_size)
        file.sha256 = self.digest.hexdigest()
        return file
