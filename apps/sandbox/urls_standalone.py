"""ROOT_URLCONF of `console.settings.sandbox`: the sandbox alone, API at /api/v1/public/."""

from django.urls import include, path

urlpatterns = [path("", include("apps.sandbox.urls"))]
