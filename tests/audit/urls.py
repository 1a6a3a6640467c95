"""A test-only view writing through client_for(request.user), the way section views do."""

from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.http import require_POST

from apps.accounts.clients import client_for
from tests.role_rules import allow


@require_POST
def delete_project(request, project_id):
    client_for(request.user).delete_project(project_id)
    return HttpResponse(status=204)


urlpatterns = [
    path("test-audit/delete-project/<int:project_id>/", delete_project,
         name="test_audit_delete_project"),
    path("", include("console.urls")),
]
allow(urlpatterns[:1])  # every view needs a role rule (apps/accounts/role_rules.py)
