"""Paged list answers: always for recordings, for the other four lists only when switched on.

IdentityCall docs conflict: the API overview says every list accepts `page` and `per_page` (20 by
default, at most 100) and answers `meta`; the projects, operators, numbers and inventory pages say
they take no parameters and show no `meta`. By default the sandbox follows those pages; with
SANDBOX_PAGINATE_LISTS it follows the overview, so the console's paging is exercised.
"""

import math

from django.conf import settings

from .responses import ApiError, ok
from .validation import positive_int

DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100


def page_params(request):
    """Return (page, per_page) from the query; raises ApiError 422 for values that are not."""
    # IdentityCall docs gap: invalid page values are undocumented; they answer 422.
    page = positive_int(request.GET.get("page", 1))
    if page is None:
        raise ApiError(422, "page must be a positive integer")
    per_page = positive_int(request.GET.get("per_page", DEFAULT_PER_PAGE))
    if per_page is None:
        raise ApiError(422, f"per_page must be between 1 and {MAX_PER_PAGE}")
    # IdentityCall docs gap: whether per_page > 100 is capped or rejected is undocumented; we cap.
    return page, min(per_page, MAX_PER_PAGE)


def one_page(rows, page, per_page):
    """Return (the rows of `page`, its meta); `rows` is an ordered queryset or a list."""
    total = len(rows) if isinstance(rows, list) else rows.count()
    offset = (page - 1) * per_page
    # An empty list still reports one page, so `page >= total_pages` loops (the use-cases
    # guide) stop at once.
    meta = {
        "current_page": page,
        "total_pages": max(1, math.ceil(total / per_page)),
        "total_count": total,
        "per_page": per_page,
    }
    return rows[offset : offset + per_page], meta


def listed(request, rows, serialize):
    """Return the answer to a list the docs leave unpaginated: every row in one array, or one
    page with `meta` when settings.SANDBOX_PAGINATE_LISTS is on."""
    if not getattr(settings, "SANDBOX_PAGINATE_LISTS", False):
        return ok([serialize(row) for row in rows])
    shown, meta = one_page(rows, *page_params(request))
    return ok([serialize(row) for row in shown], meta=meta)
