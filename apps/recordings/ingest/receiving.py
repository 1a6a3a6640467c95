"""Files arriving from the browser land in temp files, hashed as they are written.

Both ways a file arrives write it through one HashingWriter: upload.js's raw request body
(ingest/incoming.py reads it) and the no-JavaScript form's multipart body (HashingUploadHandler).
So there is one chunk size, one SHA-256 per file (its `sha256` attribute, which the external_id
and the kept copy's checks use), and one place that keeps the page cache from filling up.
"""

import hashlib
import os

from django.conf import settings
from django.core.files.uploadhandler import SkipFile, StopUpload, TemporaryFileUploadHandler

from .rules import MAX_BYTES, extension_of, too_large, type_error

CHUNK = 1024 * 1024  # read, hashed, written and relayed this much at a time
SYNC_BYTES = 8 * CHUNK  # written to disk and dropped from the page cache this often


class HashingWriter:
    """Write one arriving file to its temp file, hashing it on the way."""

    def __init__(self, file):
        self.file = file
        self.written = 0
        self._digest = hashlib.sha256()

    def write(self, chunk):
        self._digest.update(chunk)
        self.file.write(chunk)
        self.written += len(chunk)
        if self.written % SYNC_BYTES < len(chunk):
            drop_from_page_cache(self.file)

    def finish(self):
        """Return the hex SHA-256 of what was written; the rewound file carries it as `sha256`."""
        self.file.flush()
        self.file.seek(0)
        self.file.sha256 = self._digest.hexdigest()
        return self.file.sha256


class HashingUploadHandler(TemporaryFileUploadHandler):
    """Stream each uploaded file to a temp file, hashing it on the way and refusing bad ones early.

    Files of a type IdentityCall refuses, or larger than their format allows, are skipped while they
    arrive (nothing more is written to disk); their names and reasons are kept in `rejected`.
    Files past settings.UPLOAD_MAX_FILES are skipped too (`files_over_limit`: the request is
    refused whole). Accepted files get a `sha256` attribute.
    """

    chunk_size = CHUNK

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
        self.writer = HashingWriter(self.file)
        self.limit = MAX_BYTES.get(extension_of(file_name))
        self.files_seen += 1
        if self.files_over_limit:
            self._skip_the_rest()
        problem = type_error(file_name)
        if problem:
            self.rejected.append((file_name, problem))
            raise SkipFile()

    def _skip_the_rest(self):
        """Write nothing more: the request is refused whole (the upload view: files_over_limit)."""
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
        self.writer.write(raw_data)

    def file_complete(self, file_size):
        self.writer.finish()
        self.file.size = file_size
        return self.file


def drop_from_page_cache(file):
    """Start writing `file` out to disk and let the kernel drop its pages already written.

    An upload is written once and read again rarely (a re-send, a playback), so its pages are
    not worth keeping: dropped every SYNC_BYTES, the next ones reuse the same few megabytes of
    memory instead of growing the page cache by the file's size. That is also much cheaper on
    virtual machines that hand freed memory back to the host, where touching new memory costs
    more than the write itself. Only a hint: does nothing where the system has no posix_fadvise
    or refuses it (a filesystem that does not support it must not fail the upload).
    """
    if not hasattr(os, "posix_fadvise"):
        return
    file.flush()
    try:
        # On Linux this starts writing the dirty pages back (without waiting) and drops the ones
        # already written: each call frees what the previous calls sent to disk.
        os.posix_fadvise(file.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)
    except OSError:
        pass
