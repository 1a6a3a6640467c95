"""Keys, permissions, scope and rate limits, applied by `@api_view` before a handler runs.

Every API path is served by `endpoint(GET=..., POST=...)`, which injects faults, answers 405 in
JSON and hands the request to a handler decorated with `@api_view(permission=...)`. That decorator
authenticates the Bearer key, spends one request of the key's per-minute budget and checks the
permission flag; the handler then narrows querysets to the key's account (and project) with the
`visible_*` helpers.
"""

import logging
import math
import re
import time
from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.views.decorators.csrf import csrf_exempt

from . import faults
from .models import ApiKey, Operator, Project, Recording, VirtualNumber
from .responses import ApiError, error

logger = logging.getLogger(__name__)

KEY_PATTERN = re.compile(r"idc_[A-Za-z0-9]{32}")
PERMISSION_MESSAGES = {
    "read": "Read permission required",
    "write": "Write permission required",
    "delete": "Delete permission required",
}
# IdentityCall docs conflict: the 401 body is "Invalid or expired API key" on the Errors page,
# "Invalid API key" on the operators pages and "Unauthorized" on the numbers list; we use the first.
UNAUTHORIZED = "Invalid or expired API key"


def endpoint(**handlers):
    """Return the view for one path, dispatching on the HTTP method (405 in JSON otherwise)."""
    allowed = ", ".join(sorted(handlers))

    @csrf_exempt
    @login_not_required
    def view(request, *args, **kwargs):
        # Before anything reads request.POST: uploads stream to a temporary file, never to memory.
        request.upload_handlers = [TemporaryFileUploadHandler(request)]
        injected = faults.apply(request)
        if injected is not None:
            return injected
        handler = handlers.get(request.method)
        if handler is None:
            return error(405, "Method not allowed", headers={"Allow": allowed})
        return handler(request, *args, **kwargs)

    view.sandbox_methods = tuple(handlers)
    return view


def api_view(permission):
    """Decorate a handler: authenticate, rate-limit, check the permission; errors become JSON."""

    def decorate(handler):
        @csrf_exempt
        @login_not_required
        @wraps(handler)
        def view(request, *args, **kwargs):
            try:
                request.sandbox_key = authenticate(request)
                throttle(request.sandbox_key)
                # IdentityCall docs gap: the order of the checks is undocumented; the permission
                # comes before scope rules, the resource's existence and the body, in the order
                # the docs list the errors (401, 403, 404/422). The console's permission probes
                # rely on it (docs/api-decisions.md, "What a key may do").
                if not getattr(request.sandbox_key, f"can_{permission}"):
                    raise ApiError(403, PERMISSION_MESSAGES[permission])
                return handler(request, *args, **kwargs)
            except ApiError as exc:
                return exc.response()
            except Exception:
                logger.exception("sandbox handler %s failed", handler.__name__)
                return error(500, "Internal server error")

        view.sandbox_permission = permission
        return view

    return decorate


def authenticate(request):
    """Return the usable ApiKey named by `Authorization: Bearer idc_…`, or raise 401."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not KEY_PATTERN.fullmatch(token):
        raise ApiError(401, UNAUTHORIZED)
    key = ApiKey.objects.select_related("project").filter(key=token).first()
    if key is None or not key.usable:
        raise ApiError(401, UNAUTHORIZED)
    return key


def throttle(key):
    """Spend one request of the key's fixed one-minute window, or raise 429 with Retry-After."""
    # IdentityCall docs gap: the docs give per-minute budgets per plan but not whether they count
    # per key or per account, the 429 body or Retry-After's unit; we count per key in a fixed
    # window and answer {"error": ...} with Retry-After in seconds.
    limit = int(getattr(settings, "SANDBOX_RATE_LIMIT_PER_MINUTE", 0) or 0)
    if limit <= 0:
        return
    now = time.time()
    window = int(now // 60)
    counter = f"sandbox:rate:{key.key}:{window}"
    cache.add(counter, 0, timeout=61)
    try:
        used = cache.incr(counter)
    except ValueError:  # evicted between add and incr
        cache.set(counter, 1, timeout=61)
        used = 1
    if used > limit:
        retry_after = max(1, math.ceil((window + 1) * 60 - now))
        raise ApiError(429, "Rate limit exceeded", headers={"Retry-After": str(retry_after)})


# Every key sees its own account only, and a project-scoped key only its project within it. Ids
# are global in the sandbox, so a row is found by id and account (and project) together: another
# account's id answers 404 exactly like an id that does not exist.


def visible_projects(key):
    """Return the projects the key can see: its account's, or just its own project."""
    projects = Project.objects.filter(account_id=key.account_id)
    return projects.filter(pk=key.project_id) if key.project_id else projects


def visible_recordings(key):
    recordings = Recording.objects.filter(project__account_id=key.account_id)
    return recordings.filter(project_id=key.project_id) if key.project_id else recordings


def visible_numbers(key):
    numbers = VirtualNumber.objects.filter(account_id=key.account_id)
    return numbers.filter(project_id=key.project_id) if key.project_id else numbers


def visible_operators(key):
    """Return the operators the key can see: its account's, or those linked to its project."""
    operators = Operator.objects.filter(account_id=key.account_id)
    if key.project_id:
        return operators.filter(operatorproject__project_id=key.project_id)
    return operators
