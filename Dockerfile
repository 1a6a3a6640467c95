# IdentityCall Console: one production image, every role (docker/entrypoint.sh): `web` (the
# default: gunicorn with threads, static files served by whitenoise), `worker` (background tasks),
# `migrate` (once per release). The code belongs to root and is read-only to the user the
# container runs as; only /var/lib/console (a volume) is written, so the root filesystem can be
# read-only (compose.yaml). No pip in the image that runs.

FROM python:3.12-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
COPY requirements.txt /tmp/requirements.txt
RUN /opt/venv/bin/pip install -r /tmp/requirements.txt \
    && /opt/venv/bin/python -m pip uninstall --yes pip setuptools

FROM python:3.12-slim AS app
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=console.settings.production \
    CONSOLE_VAR_DIR=/var/lib/console \
    TMPDIR=/var/lib/console/tmp \
    PORT=8000 \
    WEB_WORKERS=2 \
    WEB_THREADS=8
# The base image's own pip goes too, with the copy ensurepip would install.
RUN python -m pip uninstall --yes pip setuptools wheel \
    && rm -rf /usr/local/lib/python3.12/ensurepip \
    && groupadd --system console \
    && useradd --system --gid console --home-dir /var/lib/console --no-create-home console \
    && mkdir -p /var/lib/console/tmp \
    && chown -R console:console /var/lib/console
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
# Owned by root: the runtime user can read the code, never change it.
COPY . /app
# collectstatic needs importable production settings; these throwaway values exist only for this
# step. The bytecode is compiled now, as root, since the running user cannot write it.
RUN SECRET_KEY=build-only-not-a-secret-build-only-not-a-secret-0123456789 \
    FIELD_ENCRYPTION_KEYS=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= \
    ALLOWED_HOSTS=build.invalid \
    python manage.py collectstatic --noinput \
    && python -m compileall -q /app \
    && chmod -R u=rwX,go=rX /app \
    && chmod 755 /app/docker/entrypoint.sh
USER console
VOLUME ["/var/lib/console"]
EXPOSE 8000
# For the web role; compose.yaml gives the worker its own check (manage.py worker_alive).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD python -c "import os, urllib.request as r; host = os.environ['ALLOWED_HOSTS'].split(',')[0].lstrip('.*') or 'localhost'; r.urlopen(r.Request('http://127.0.0.1:%s/healthz' % os.environ.get('PORT', '8000'), headers={'Host': host}), timeout=4)"
ENTRYPOINT ["/app/docker/entrypoint.sh"]
CMD ["web"]
