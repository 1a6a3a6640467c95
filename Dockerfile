# syntax=docker/dockerfile:1
# IdentityCall Console: production image (gunicorn with threads, static files served by whitenoise).

FROM python:3.12-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
COPY requirements.txt /tmp/requirements.txt
RUN /opt/venv/bin/pip install -r /tmp/requirements.txt

FROM python:3.12-slim AS app
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=console.settings.production \
    CONSOLE_VAR_DIR=/var/lib/console \
    WEB_WORKERS=2 \
    WEB_THREADS=8
RUN groupadd --system console && useradd --system --gid console --home /app console \
    && mkdir -p /var/lib/console && chown console:console /var/lib/console
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
COPY --chown=console:console . /app
# collectstatic needs importable production settings; these throwaway values exist only for this step.
RUN SECRET_KEY=build-only-not-a-secret-build-only-not-a-secret-0123456789 \
    FIELD_ENCRYPTION_KEYS=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= \
    ALLOWED_HOSTS=build.invalid \
    python manage.py collectstatic --noinput \
    && rm -rf /app/var /app/.venv
USER console
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD python -c "import os, urllib.request as r; host = os.environ['ALLOWED_HOSTS'].split(',')[0].lstrip('.*') or 'localhost'; r.urlopen(r.Request('http://127.0.0.1:8000/healthz', headers={'Host': host}), timeout=4)"
# Threads let one slow IdentityCall answer wait without blocking other users' pages.
CMD ["sh", "-c", "exec gunicorn console.wsgi --bind 0.0.0.0:8000 --worker-class gthread --workers ${WEB_WORKERS} --threads ${WEB_THREADS} --timeout 330 --access-logfile -"]
