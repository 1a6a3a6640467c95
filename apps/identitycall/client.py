"""The IdentityCall HTTP client: one object per API key, every call through `_request`.

Only this package imports `requests`, and none of its exceptions escape it. The operations live
per resource in `operations/` (recordings, projects, virtual numbers, operators), mixed into
IdentityCallClient; this module is the core they share: the key, the one `_request`, lists,
deletes, the log line, and the `on_write` hook every write reports to.
"""

import hashlib
import logging
import time

import requests
import urllib3

from .errors import RETRYABLE_STATUSES, IdentityCallError, error_from_response
from .operations.operators import OperatorOperations
from .operations.projects import ProjectOperations
from .operations.recordings import RecordingOperations
from .operations.virtual_numbers import VirtualNumberOperations
from .resources import Listing, Page
from .transport import (
    Reply,
    expand,
    parse_body,
    shared_session,
    transport_error,
    worth_retrying,
)
from .writes import WriteEvent

__all__ = ["IdentityCallClient", "WriteEvent", "shared_session"]

DEFAULT_TIMEOUT = (3.05, 20.0)
UPLOAD_TIMEOUT = (3.05, 300.0)
# How many pages of a list the console follows before it shows the list as cut short: 1,000 items
# at IdentityCall's default page size of 20, every call made while a person waits.
MAX_LIST_PAGES = 50


class IdentityCallClient(
    RecordingOperations, ProjectOperations, VirtualNumberOperations, OperatorOperations
):
    """Calls the IdentityCall public API with one key; every failure is an IdentityCallError.

    `on_write`, when given, is called once after every write (POST, PATCH, DELETE, uploads
    included) with a WriteEvent, whether the write succeeded or raised an IdentityCallError; it
    runs in the caller's thread before the result returns or the error propagates. `fingerprint`
    names the (base URL, key) pair without revealing the key, e.g. for cache keys.
    """

    def __init__(
        self,
        api_key,
        *,
        base_url,
        timeout=DEFAULT_TIMEOUT,
        upload_timeout=UPLOAD_TIMEOUT,
        session=None,
        user_agent="IdentityCallConsole/0.1",
        max_retries=2,
        backoff=0.25,
        logger=None,
        sleep=time.sleep,
        on_write=None,
    ):
        if not api_key or not api_key.isprintable() or any(char.isspace() for char in api_key):
            # The message never repeats the key.
            raise ValueError("api_key must be a non-empty string without whitespace.")
        self.base_url = base_url.rstrip("/")
        # The key is kept only in the Authorization header; what else needs to tell keys apart
        # gets this stable, irreversible hash of the base URL and the key.
        self.fingerprint = hashlib.sha256(f"{self.base_url}\n{api_key}".encode()).hexdigest()[:40]
        self._key_hint = api_key[-4:]
        self.timeout = tuple(timeout)
        self.upload_timeout = tuple(upload_timeout)
        self.max_retries = max_retries
        self.backoff = backoff
        self._session = session or shared_session()
        self._headers = {
            "Authorization": f"Bearer {api_key}",
            "User-Agent": user_agent,
            "Accept": "application/json",
        }
        self._logger = logger or logging.getLogger("identitycall")
        self._sleep = sleep
        self._on_write = on_write

    def __repr__(self):
        return f"<IdentityCallClient {self.base_url} key=…{self._key_hint}>"

    # What the operations share

    def _get(self, path_template, *path_args, params=None):
        """Return the reply of a GET, which is always safe to retry."""
        return self._request("GET", path_template, *path_args, params=params, retry=True)

    def _write(
        self,
        method,
        path_template,
        *path_args,
        operation,
        resource_type,
        target=None,
        detail=None,
        read=lambda reply: reply,
        made=None,
        **options,
    ):
        """Return read(reply) of one write request, after telling `on_write` how it ended.

        `target` is the id the write acts on; `made(result)` the id of what a create made. An
        IdentityCallError, from the request or from reading its answer, is told and re-raised.
        """

        def tell(**outcome):
            if self._on_write is not None:
                event = WriteEvent(method, operation, resource_type, detail=detail or {}, **outcome)
                self._on_write(event)

        try:
            reply = self._request(method, path_template, *path_args, **options)
            result = read(reply)
        except IdentityCallError as exc:
            tell(resource_id=target, status=exc.status, error=exc)
            raise
        tell(resource_id=made(result) if made else target, status=reply.status)
        return result

    def _delete(self, path_template, ref, *, operation, resource_type):
        """Return None when the delete of `ref` is acknowledged; raises IdentityCallError."""
        self._write(
            "DELETE", path_template, ref, operation=operation, resource_type=resource_type,
            target=ref, read=_confirm_delete,
        )

    def _list_all(self, path, parse, *, params=None):
        """Return a Listing of every item at `path`, following `meta` up to MAX_LIST_PAGES pages."""
        # IdentityCall docs conflict: the API overview says lists page their results (20 by
        # default, with `meta`); the projects, operators and numbers pages take no parameters and
        # show no meta. The first call is the documented bare one: no meta, one array
        # (docs/api-decisions.md, "Lists and pagination"); a `meta` with more pages is followed
        # with the page size the first answer used.
        params = params or {}
        page = self._list_page(path, parse, params, number=1, per_page=None)
        items, per_page, complete = list(page.items), page.per_page, True
        while page.has_next:
            wanted = page.current_page + 1
            if wanted > MAX_LIST_PAGES:
                complete = False
                break
            later = self._list_page(path, parse, params, number=wanted, per_page=per_page)
            if later.current_page != wanted or not later.items:
                # A server that ignores `page` would answer page 1 again; keep what is known.
                complete = False
                break
            items.extend(later.items)
            page = later
        return Listing(items, complete=complete, total_count=max(page.total_count, len(items)))

    def _list_page(self, path, parse, params, *, number, per_page):
        """Return one Page of a list; page 1 is asked for without paging parameters."""
        if number > 1:
            params = params | {"page": number, "per_page": per_page}
        reply = self._get(path, params=params or None)
        reply.array()  # raises InvalidResponseError unless `data` is an array
        return Page.from_api(reply.body, parse, page=number, per_page=per_page)

    # Transport

    def _request(
        self,
        method,
        path_template,
        *path_args,
        params=None,
        json=None,
        data=None,
        headers=None,
        timeout=None,
        retry=False,
        retries=None,
    ):
        """Return the 2xx Reply of one call, retried only when `retry`; raises IdentityCallError.

        `retries` lowers the number of repeats below the client's `max_retries`.

        `data` may be a callable building a fresh body for each attempt (a stream is read once).
        """
        url = self.base_url + expand(path_template, path_args)
        request_headers = self._headers | (headers or {})
        repeats = self.max_retries if retries is None else min(retries, self.max_retries)
        attempts = 1 + (max(0, repeats) if retry else 0)
        reached = False  # whether an earlier attempt may have reached IdentityCall
        for attempt in range(1, attempts + 1):
            started = time.monotonic()
            try:
                response = self._session.request(
                    method,
                    url,
                    params=params,
                    json=json,
                    data=data() if callable(data) else data,
                    headers=request_headers,
                    timeout=timeout or self.timeout,
                    # A redirect would replay the body and the key somewhere unplanned.
                    allow_redirects=False,
                )
            except (requests.RequestException, urllib3.exceptions.HTTPError) as exc:
                self._log(method, path_template, type(exc).__name__, started, attempt)
                error = transport_error(exc)
                if attempt < attempts and worth_retrying(exc, method):
                    reached = reached or error.sent
                    self._sleep(self.backoff * 2 ** (attempt - 1))
                    continue
                # A last attempt refused before sending does not undo an earlier one that may
                # have arrived (a dropped upload, then a refused re-send): the outcome is unknown.
                error.sent = error.sent or reached
                raise error from exc
            status = response.status_code
            self._log(method, path_template, status, started, attempt)
            if status in RETRYABLE_STATUSES and attempt < attempts:
                reached = True
                self._sleep(self.backoff * 2 ** (attempt - 1))
                continue
            if not 200 <= status < 300:
                # 429 lands here too: a person is waiting, so the client never sleeps on it.
                raise error_from_response(status, response.headers, response.content)
            return Reply(status, parse_body(response.content, status))
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _log(self, method, path_template, outcome, started, attempt):
        """Log one line per attempt: never the key, the query values or a body."""
        duration_ms = round((time.monotonic() - started) * 1000)
        self._logger.info(
            "IdentityCall %s %s -> %s in %d ms (attempt %d)",
            method,
            path_template,
            outcome,
            duration_ms,
            attempt,
            extra={
                "method": method,
                "path": path_template,
                "status": outcome,
                "duration_ms": duration_ms,
                "attempt": attempt,
            },
        )


def _confirm_delete(reply):
    """Return None when a delete's answer does not deny it; raises IdentityCallError otherwise."""
    # IdentityCall docs conflict: recordings and projects answer 204 with no body, operators
    # 200 {"success": true}; every delete accepts either (docs/api-decisions.md, "Deletes").
    if isinstance(reply.body, dict) and reply.body.get("success") is False:
        raise IdentityCallError("IdentityCall did not confirm the delete.", status=reply.status)
