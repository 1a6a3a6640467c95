"""What may be uploaded: formats and sizes, a request's limits, and the ids and names sent."""

import os

from django.conf import settings
from django.template.defaultfilters import filesizeformat

MB = 1024 * 1024
# IdentityCall docs gap: the docs say "100 MB"/"500 MB" without defining MB; the console reads
# 1024² (docs/api-decisions.md, "Upload formats and sizes").
MAX_BYTES = {
    "mp3": 100 * MB,
    "m4a": 100 * MB,
    "ogg": 100 * MB,
    "webm": 100 * MB,
    "wav": 500 * MB,
    "flac": 500 * MB,
}
ACCEPT = ",".join(f".{extension}" for extension in MAX_BYTES)
EXTERNAL_ID_PREFIX = "console-"

TOO_MANY_FILES = (
    "You chose {count} files; at most {limit} can be sent at once. Nothing was uploaded: choose "
    "fewer files and send them again."
)
TOO_MANY_BYTES = (
    "These files come to {size}; at most {limit} can be sent at once. Nothing was uploaded: "
    "choose fewer files and send them again."
)
FILE_TOO_BIG = "{name} is {size}; this console accepts at most {limit} in one upload."


def extension_of(filename):
    """Return the lower-case extension of filename without the dot ('' when there is none)."""
    return os.path.splitext(filename or "")[1].lstrip(".").lower()


def type_error(filename):
    """Return why a file of this name cannot be uploaded, or None when its type is allowed."""
    # IdentityCall docs gap: whether the API checks the extension or the MIME type is undocumented;
    # the console checks the extension, the way the browser's file picker filters
    # (docs/api-decisions.md, "Upload formats and sizes").
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


def too_many_bytes(size):
    """Return the refusal of a request whose `size` is over UPLOAD_MAX_REQUEST_BYTES."""
    limit = filesizeformat(settings.UPLOAD_MAX_REQUEST_BYTES)
    return TOO_MANY_BYTES.format(size=filesizeformat(size), limit=limit)


def too_many_files(count):
    """Return the refusal of a request holding `count` files, over UPLOAD_MAX_FILES."""
    return TOO_MANY_FILES.format(count=count, limit=settings.UPLOAD_MAX_FILES)


def request_size_error(filename, size):
    """Return why one file of `size` bytes is too large for a request, or None when it fits."""
    if size <= settings.UPLOAD_MAX_REQUEST_BYTES:
        return None
    limit = filesizeformat(settings.UPLOAD_MAX_REQUEST_BYTES)
    return FILE_TOO_BIG.format(name=filename, size=filesizeformat(size), limit=limit)


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


def chosen_external_id(sha256, given="", batch_size=1):
    """Return the external_id sent when the person chose one ('' when derived from the content)."""
    return external_id_for(sha256, given, batch_size) if (given or "").strip() else ""


def display_name_for(filename, given="", batch_size=1):
    """Return the name to send: the user's, suffixed with the file name in a batch; else None."""
    given = (given or "").strip()
    if not given:
        return None
    if batch_size > 1:
        return f"{given} – {os.path.splitext(filename)[0]}"
    return given
