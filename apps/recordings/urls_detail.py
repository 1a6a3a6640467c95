"""The detail page's routes; apps/recordings/urls.py adds them to the `recordings` namespace."""

from django.urls import path

from .views import audio, detail, export

urlpatterns = [
    path("<str:ref>/", detail.detail, name="detail"),
    path("<str:ref>/status/", detail.status, name="status"),
    path("<str:ref>/analysis/", detail.analysis, name="analysis"),
    path("<str:ref>/export.<str:fmt>", export.export, name="export"),
    path("<str:ref>/audio", audio.audio, name="audio"),
]
