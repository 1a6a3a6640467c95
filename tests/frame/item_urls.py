"""A made-up section, "things", standing on the frame's item helpers (tests/frame/test_items.py)."""

from django.http import HttpResponse
from django.urls import include, path

from apps.frame.items import answers_not_found, read_or_404
from apps.identitycall import errors
from console.urls import urlpatterns as console_urlpatterns
from tests.role_rules import allow

GONE = 404  # the thing IdentityCall answers 404 for


def read_thing(thing_id):
    if thing_id == GONE:
        raise errors.NotFoundError("Resource not found", status=404)
    return f"Thing {thing_id}"


@answers_not_found("thing")
def thing_detail(request, thing_id):
    return HttpResponse(read_or_404(read_thing, thing_id))


def thing_bare(request, thing_id):
    """The same page without answers_not_found: still a 404, Django's own page."""
    return HttpResponse(read_or_404(read_thing, thing_id))


things = (
    [
        path("", lambda request: HttpResponse("All things"), name="list"),
        path("<int:thing_id>/", thing_detail, name="detail"),
        path("<int:thing_id>/bare/", thing_bare, name="bare"),
    ],
    "things",
)

urlpatterns = [path("things/", include(things)), *console_urlpatterns]
allow(urlpatterns[:1])  # every view needs a role rule (apps/accounts/role_rules.py)
