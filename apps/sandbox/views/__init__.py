"""The API's views, one module per resource, plus the control endpoints for tests."""

from django.contrib.auth.decorators import login_not_required
from django.views.decorators.csrf import csrf_exempt

from ..responses import not_found


@csrf_exempt
@login_not_required
def unknown_path(request, *args, **kwargs):
    """Answer 404 in JSON for any path under the sandbox that no route serves."""
    return not_found()
