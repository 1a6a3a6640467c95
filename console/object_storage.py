"""Where kept audio lives: AUDIO_STORAGE_URL read into STORAGES["default"] (README: "Kept audio
on S3-compatible storage").

Unset, the console keeps files on this machine's disk under MEDIA_ROOT. Set, they go to a bucket
every instance shares, through console/s3_storage.py (django-storages' S3 backend, boto3):

    s3://BUCKET?endpoint_url=http://127.0.0.1:9000&region=us-east-1&prefix=console/

* BUCKET: the bucket's name (it must exist; the console never creates it).
* endpoint_url: the S3-compatible server (MinIO, Ceph, Garage, moto…), http:// or https://;
  left out, Amazon S3 itself.
* region: the bucket's region (left out: boto3's own, e.g. AWS_DEFAULT_REGION).
* prefix: a folder inside the bucket every key starts with, so one bucket can hold several
  consoles or other data (left out: the bucket's root).
* addressing_style: path (bucket in the URL's path, the default with an endpoint_url, which
  self-hosted servers expect), virtual (bucket in the host name) or auto (Amazon's default).
* acl: private (the default: every object is sent with the private canned ACL) or none (no ACL
  header, for buckets whose ACLs are turned off or servers that refuse ACL headers).

The credentials never go in the URL: boto3 reads AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and
AWS_SESSION_TOKEN) from the environment, or a role the machine holds. No error here repeats any
part of the URL, so a mistyped one never puts a secret in a log.

This module only reads strings (settings import it; boto3 is imported only when the storage is
first used). StorageUnavailable lives here so the backend and its callers share it.
"""

import errno
import re
from urllib.parse import parse_qsl, urlsplit

from django.core.exceptions import ImproperlyConfigured

BACKEND = "console.s3_storage.S3AudioStorage"
LOCAL = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
PARAMETERS = ("endpoint_url", "region", "prefix", "addressing_style", "acl")
# Amazon's rules for bucket names (3–63 lower-case letters, digits, dots and hyphens).
_BUCKET = re.compile(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")
_REGION = re.compile(r"[a-z0-9-]{1,40}")
_PREFIX = re.compile(r"[A-Za-z0-9._/-]{1,200}")
_ADDRESSING = ("path", "virtual", "auto")
_ACLS = {"private": "private", "none": None}


class StorageUnavailable(OSError):
    """The object store could not be reached, or refused a request (not a missing file): the
    same call may work later. An OSError with errno EIO, so code written for a disk (which
    catches OSError) handles it; its text is a sentence naming no secret."""

    def __init__(self, sentence):
        super().__init__(errno.EIO, sentence)

    def __str__(self):
        return self.strerror


def _refusal(problem):
    """Return the error for a URL with `problem`: a sentence repeating nothing of the URL."""
    return ImproperlyConfigured(
        f"AUDIO_STORAGE_URL {problem}. It reads s3://BUCKET?endpoint_url=…&region=…&prefix=… "
        f"(parameters: {', '.join(PARAMETERS)}); see README.md, "
        "“Kept audio on S3-compatible storage”."
    )


def _parameters(query):
    """Return the URL's parameters as a dict; refuse unknown, repeated or malformed ones."""
    try:
        pairs = parse_qsl(query, keep_blank_values=True, strict_parsing=bool(query))
    except ValueError:
        raise _refusal("has a malformed parameter list") from None
    names = [name for name, _ in pairs]
    if len(set(names)) != len(names):
        raise _refusal("names a parameter twice")
    if not set(names) <= set(PARAMETERS):
        raise _refusal("has a parameter the console does not know")
    return dict(pairs)


def _endpoint(value):
    """Return the endpoint_url parameter checked (http or https, a host, no credentials)."""
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018  (raises ValueError for a port that is not a number)
    except ValueError:
        raise _refusal("has an endpoint_url that is not a URL") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise _refusal("needs an endpoint_url starting http:// or https:// and naming a host")
    if "@" in parts.netloc:
        raise _refusal("has credentials in its endpoint_url: set AWS_ACCESS_KEY_ID and "
                       "AWS_SECRET_ACCESS_KEY in the environment instead")
    if parts.query or parts.fragment:
        raise _refusal("has an endpoint_url with a query or fragment")
    return value.rstrip("/")


def _prefix(value):
    """Return the prefix parameter as a folder name without surrounding slashes."""
    prefix = value.strip("/")
    if not prefix:
        return ""
    if not _PREFIX.fullmatch(prefix) or ".." in prefix.split("/") or "//" in prefix:
        raise _refusal(
            "has a prefix other than folder names of letters, digits, '.', '_' and '-'"
        )
    return prefix


def default_storage_from_url(url):
    """Return STORAGES["default"] for AUDIO_STORAGE_URL (None or empty: this machine's disk)."""
    if not url:
        return LOCAL
    try:
        parts = urlsplit(url)
    except ValueError:
        raise _refusal("is not a URL") from None
    if parts.scheme != "s3":
        raise _refusal("must start s3:// (leave it unset to keep audio on this machine's disk)")
    if "@" in parts.netloc:
        raise _refusal("must not hold credentials: set AWS_ACCESS_KEY_ID and "
                       "AWS_SECRET_ACCESS_KEY in the environment instead")
    if not _BUCKET.fullmatch(parts.netloc):
        raise _refusal("must name a bucket right after s3:// (3 to 63 lower-case letters, "
                       "digits, dots and hyphens)")
    if parts.path not in ("", "/") or parts.fragment:
        raise _refusal("has a path after the bucket: give the folder as ?prefix=…")
    given = _parameters(parts.query)
    endpoint = _endpoint(given["endpoint_url"]) if "endpoint_url" in given else None
    region = given.get("region") or None
    if region is not None and not _REGION.fullmatch(region):
        raise _refusal("has a region other than lower-case letters, digits and hyphens")
    addressing = given.get("addressing_style") or ("path" if endpoint else "auto")
    if addressing not in _ADDRESSING:
        raise _refusal("has an addressing_style other than path, virtual or auto")
    acl = given.get("acl") or "private"
    if acl not in _ACLS:
        raise _refusal("has an acl other than private or none")
    return {
        "BACKEND": BACKEND,
        "OPTIONS": {
            "bucket_name": parts.netloc,
            "endpoint_url": endpoint,
            "region_name": region,
            "location": _prefix(given.get("prefix", "")),
            "addressing_style": None if addressing == "auto" else addressing,
            "default_acl": _ACLS[acl],
            # Two uploads of files with one name keep two objects, as on disk.
            "file_overwrite": False,
        },
    }
