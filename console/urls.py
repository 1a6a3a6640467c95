from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("apps.dashboard.urls")),
    path("", include("apps.accounts.urls")),
    path("", include("apps.audit.urls")),
    path("", include("apps.team.urls")),
    path("recordings/", include("apps.recordings.urls")),
    path("projects/", include("apps.projects.urls")),
    path("numbers/", include("apps.virtual_numbers.urls")),
    path("operators/", include("apps.operators.urls")),
    path("notifications/", include("apps.notifications.urls")),
    path("", include("apps.insights.urls")),
    path("admin/", admin.site.urls),
]

# The offline emulator exists only where settings mount it; production settings never do.
if settings.SANDBOX_ENABLED:
    urlpatterns.append(path("sandbox/", include("apps.sandbox.urls")))
