"""Create the bucket AUDIO_STORAGE_URL names when it does not exist yet (`entrypoint.sh bucket`).

Only for compose.yaml's bundled S3-compatible store, which starts empty: the console itself never
creates a bucket (console/object_storage.py), and with a provider's S3 the bucket is made with the
provider's own tools. Waits up to WAIT_SECONDS for the store to answer (it may still be starting).
Prints one sentence; never the URL or a credential.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "console.settings.production")
WAIT_SECONDS = float(os.environ.get("BUCKET_WAIT_SECONDS", "60"))
MISSING = ("404", "NoSuchBucket", "NotFound")


def ensure_bucket(client, bucket):
    """Return "exists" or "created"; raise botocore's error when the store refuses."""
    from botocore.exceptions import ClientError

    try:
        client.head_bucket(Bucket=bucket)
        return "exists already"
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") not in MISSING:
            raise
    client.create_bucket(Bucket=bucket)
    return "created"


def main():
    import django

    django.setup()
    from botocore.exceptions import BotoCoreError, ClientError
    from django.core.files.storage import default_storage

    bucket = getattr(default_storage, "bucket_name", None)
    if not bucket:
        print("AUDIO_STORAGE_URL is not set: kept audio stays on this machine's disk.")
        return 0
    client = default_storage.connection.meta.client
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        try:
            print(f"Bucket {bucket} {ensure_bucket(client, bucket)}.")
            return 0
        except ClientError as exc:  # the store answered, and refused
            code = exc.response.get("Error", {}).get("Code", "an error")
            print(f"Bucket {bucket} could not be created: the store answered {code}.",
                  file=sys.stderr)
            return 1
        except BotoCoreError as exc:  # no answer (yet)
            if time.monotonic() > deadline:
                print(f"The object store did not answer within {WAIT_SECONDS:.0f} s "
                      f"({type(exc).__name__}).", file=sys.stderr)
                return 1
            time.sleep(1)


if __name__ == "__main__":
    sys.exit(main())
