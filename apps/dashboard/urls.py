from django.urls import path

from apps.dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.home, name="home"),
    # No trailing slash: production's SECURE_REDIRECT_EXEMPT matches ^healthz$ exactly.
    path("healthz", views.healthz, name="healthz"),
]
