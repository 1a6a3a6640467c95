"""Test knobs: latency, injected statuses, proxy pages, malformed JSON and dropped connections.

`apply(request)` runs before every API handler (see `auth.endpoint`). The first `Fault` row (by
id) whose method and route match the request is spent (its `remaining` count goes down by one) and
then, in order: its latency is slept; a dropped connection closes the socket without a response; a
status answers with `{"error": ...}` (or the fault's raw `body` as text/html); `malformed_json`
answers 200 with a truncated JSON body. A fault with only latency lets the request through.
`SANDBOX_LATENCY_MS` adds latency to every API request (for benchmarks).
"""

import errno
import os
import re
import socket
import time

from django.conf import settings
from django.db.models import F, Q
from django.http import HttpResponse, StreamingHttpResponse

from .models import Fault
from .responses import error

API_ROOT = "/api/v1/public"
MESSAGES = {
    400: "Bad request",
    401: "Invalid or expired API key",
    403: "Forbidden",
    404: "Resource not found",
    409: "Conflict",
    422: "Unprocessable entity",
    429: "Rate limit exceeded",
    500: "Internal server error",
    502: "Bad gateway",
    503: "Service unavailable",
    504: "Gateway timeout",
}
MALFORMED_BODY = '{"data": [{"id": 1, "name": "Truncat'


def api_path(request):
    """Return the request path below the API root, e.g. `/recordings/12`."""
    return request.path.partition(API_ROOT)[2] or request.path


def global_latency_ms():
    """Return the latency added to every API request (setting or environment, default 0)."""
    value = getattr(settings, "SANDBOX_LATENCY_MS", None)
    if value is None:
        value = os.environ.get("SANDBOX_LATENCY_MS") or 0
    return max(0, int(value))


def matches(fault, request):
    """Return whether the fault applies to this request's method and path."""
    if fault.method not in ("*", "", request.method):
        return False
    if not fault.route:
        return True
    if fault.regex:
        try:
            return re.search(fault.route, api_path(request)) is not None
        except re.error:  # a broken pattern set through the ORM matches nothing
            return False
    return fault.route in request.path


def apply(request):
    """Return the response a matching fault imposes, or None to handle the request normally."""
    delay = global_latency_ms()
    if delay:
        time.sleep(delay / 1000)
    active = Fault.objects.filter(Q(remaining__isnull=True) | Q(remaining__gt=0))
    fault = next((fault for fault in active if matches(fault, request)), None)
    if fault is None or not _spend(fault):
        return None
    if fault.latency_ms:
        time.sleep(fault.latency_ms / 1000)
    if fault.drop_connection:
        return dropped_connection(request)
    if fault.status or fault.body:
        return _status_response(fault)
    if fault.malformed_json:
        return HttpResponse(MALFORMED_BODY, status=200, content_type="application/json")
    return None


def _spend(fault):
    """Count a hit and take one from `remaining`; False when another request took the last one."""
    if fault.remaining is None:
        Fault.objects.filter(pk=fault.pk).update(hits=F("hits") + 1)
        return True
    return bool(
        Fault.objects.filter(pk=fault.pk, remaining__gt=0).update(
            remaining=F("remaining") - 1, hits=F("hits") + 1
        )
    )


def _status_response(fault):
    status = fault.status or 502
    headers = {"Retry-After": str(fault.retry_after)} if fault.retry_after is not None else {}
    if fault.body:
        response = HttpResponse(fault.body, status=status, content_type="text/html; charset=utf-8")
        for name, value in headers.items():
            response[name] = value
        return response
    return error(status, MESSAGES.get(status, "Injected fault"), headers=headers)


def dropped_connection(request):
    """Return a response that closes the client's connection before a single byte is sent."""
    sock = _client_socket(request.META)

    def abort():
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        # WSGI servers (Django's and gunicorn's) treat a connection error raised while writing
        # the body as a client that went away: they drop the connection without a 500.
        raise ConnectionResetError(errno.ECONNRESET, "sandbox fault: connection dropped")
        yield b""  # pragma: no cover - makes this a generator

    return StreamingHttpResponse(abort(), content_type="application/json")


def _client_socket(environ):
    """Return the socket the request arrived on, under gunicorn or Django's own server."""
    sock = environ.get("gunicorn.socket")
    if sock is not None:
        return sock
    # Django's server: wsgi.input is a LimitedStream over the handler's buffered socket reader.
    stream = environ.get("wsgi.input")
    for _ in range(4):
        if stream is None or isinstance(stream, socket.socket):
            break
        stream = (
            getattr(getattr(stream, "_read", None), "__self__", None)
            or getattr(stream, "raw", None)
            or getattr(stream, "_sock", None)
        )
    return stream if isinstance(stream, socket.socket) else None
