from django.urls import path

from apps.dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.home, name="home"),
    # The overview's blocks, each loaded on its own (and a page of its own without JavaScript).
    path("overview/uploads/", views.uploads, name="uploads"),
    path("overview/failed/", views.failed, name="failed"),
    path("overview/queue/", views.queue, name="queue"),
    path("overview/numbers/", views.numbers, name="numbers"),
    path("overview/counts/", views.counts, name="counts"),
    # No trailing slash: production's SECURE_REDIRECT_EXEMPT matches ^healthz$ exactly.
    path("healthz", views.healthz, name="healthz"),
]
