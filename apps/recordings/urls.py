from django.urls import path

from .views import audio, browse, detail, export, kept_audio, upload

app_name = "recordings"

urlpatterns = [
    path("", browse.recordings_list, name="list"),
    path("upload/", upload.upload, name="upload"),
    path("upload/file/", upload.upload_file, name="upload_file"),
    # Before the recording patterns: "kept-audio" would otherwise be read as a recording's ref.
    path("kept-audio/", kept_audio.kept_audio, name="kept_audio"),
    path("<str:ref>/rename/", browse.rename, name="rename"),
    path("<str:ref>/delete/", browse.delete, name="delete"),
    # The detail page and what hangs off it: the analysis, the exports, the kept audio.
    path("<str:ref>/", detail.detail, name="detail"),
    path("<str:ref>/status/", detail.status, name="status"),
    path("<str:ref>/analysis/", detail.analysis, name="analysis"),
    path("<str:ref>/export.<str:fmt>", export.export, name="export"),
    path("<str:ref>/audio", audio.audio, name="audio"),
]
