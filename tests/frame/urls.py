"""The console's URLs plus two views that let IdentityCall failures escape, as a real page might."""

from django.http import HttpResponse
from django.urls import path

from apps.accounts.clients import MissingApiKey, client_for
from console.urls import urlpatterns as console_urlpatterns
from tests.role_rules import allow


def read_projects(request):
    """A page (GET) or an action (POST) whose IdentityCall call is not guarded by the view."""
    projects = client_for(request.user).list_projects()
    return HttpResponse(f"{len(projects)} projects")


def lose_key(request):
    raise MissingApiKey


def bug(request):
    raise ValueError("a bug, not IdentityCall")


test_patterns = [
    path("frame-test/projects/", read_projects),
    path("frame-test/lost-key/", lose_key),
    path("frame-test/bug/", bug),
]
allow(test_patterns)  # every view needs a role rule (apps/accounts/role_rules.py)
urlpatterns = [*test_patterns, *console_urlpatterns]
