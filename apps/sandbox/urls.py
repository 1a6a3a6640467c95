"""The sandbox under /sandbox/: the API at api/v1/public/…, test controls at control/….

Paths have no trailing slash, like the real API; anything unmatched below /sandbox/ answers 404
in JSON, which also keeps CommonMiddleware's APPEND_SLASH redirect away.
"""

from django.urls import include, path, re_path

from .views import unknown_path

app_name = "sandbox"

urlpatterns = [
    path("api/v1/public/", include("apps.sandbox.urls_api")),
    path("control/", include("apps.sandbox.urls_control")),
    re_path(r"^.*$", unknown_path, name="unknown"),
]
