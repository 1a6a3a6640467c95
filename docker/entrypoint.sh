#!/bin/sh
# The image's one entry point; its first argument is the role this container plays:
#   web      (the default) gunicorn serving the console on $PORT (8000)
#   worker   `manage.py worker`: background tasks, periodic tasks, heartbeat (any number of them)
#   migrate  `manage.py migrate` once per release, before web and worker take work
#   bucket   create the AUDIO_STORAGE_URL bucket if missing (compose.yaml's bundled S3 store only)
# Anything else runs as given (e.g. `python manage.py createsuperuser`). Extra arguments after a
# role go to its command. README.md, "Running on several machines" and "Docker".
set -eu
cd "$(dirname "$0")/.."

# Temporary files (uploads being received) go to the data volume: the root filesystem may be
# read-only, and /tmp in RAM could not hold a 500 MB upload.
if [ -n "${TMPDIR:-}" ]; then
  mkdir -p "$TMPDIR"
fi

role="${1:-web}"
if [ "$#" -gt 0 ]; then
  shift
fi

case "$role" in
  web)
    # Threads let one slow IdentityCall answer wait without blocking other users' pages. No
    # control socket (it would be written under $HOME), worker heartbeats in RAM (/dev/shm):
    # nothing is written outside the data volume.
    exec gunicorn console.wsgi \
      --bind "0.0.0.0:${PORT:-8000}" \
      --worker-class gthread --workers "${WEB_WORKERS:-2}" --threads "${WEB_THREADS:-8}" \
      --timeout 330 --access-logfile - \
      --no-control-socket --worker-tmp-dir "${GUNICORN_TMP_DIR:-/dev/shm}" \
      "$@"
    ;;
  worker)
    exec python manage.py worker "$@"
    ;;
  migrate)
    exec python manage.py migrate --noinput "$@"
    ;;
  bucket)
    exec python docker/create_bucket.py "$@"
    ;;
  *)
    exec "$role" "$@"
    ;;
esac
