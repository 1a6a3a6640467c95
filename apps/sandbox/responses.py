"""JSON envelopes and error bodies, shaped like the IdentityCall API's."""

import json

from django.http import HttpResponse


def _json(payload, status):
    # UTF-8 as is (no \u escapes), like the real API; ASCII-only clients still parse it.
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return HttpResponse(body, status=status, content_type="application/json")


def ok(data, *, status=200, meta=None):
    """Return `{"data": ...}` (plus `meta` when given)."""
    payload = {"data": data}
    if meta is not None:
        payload["meta"] = meta
    return _json(payload, status)


def created(data):
    """Return `{"data": ...}` with 201."""
    return ok(data, status=201)


def success():
    """Return 200 `{"success": true}`, the operators' delete answer."""
    return _json({"success": True}, 200)


def no_content():
    """Return an empty 204 (recording and project deletes)."""
    response = HttpResponse(status=204)
    del response["Content-Type"]
    return response


def error(status, message, *, headers=None):
    """Return `{"error": message}` with the status."""
    response = _json({"error": message}, status)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def errors(messages, *, status=422):
    """Return `{"errors": [...]}`, each message starting with the field it is about."""
    return _json({"errors": list(messages)}, status)


def not_found():
    """Return 404 `{"error": "Resource not found"}`."""
    return error(404, "Resource not found")


class ApiError(Exception):
    """Raised inside a handler to answer with an error body right away."""

    def __init__(self, status, message=None, *, messages=None, headers=None):
        super().__init__(message or "; ".join(messages or []))
        self.status = status
        self.message = message
        self.messages = messages
        self.headers = headers

    def response(self):
        """Return the response this error stands for."""
        if self.messages is not None:
            return errors(self.messages, status=self.status)
        return error(self.status, self.message, headers=self.headers)


class NotFound(ApiError):
    def __init__(self):
        super().__init__(404, "Resource not found")


class Invalid(ApiError):
    """422 `{"errors": [...]}` for body or query validation failures."""

    def __init__(self, messages):
        super().__init__(422, messages=list(messages))
