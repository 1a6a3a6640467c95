from django.urls import path

from .urls_detail import urlpatterns as detail_urlpatterns
from .views import browse, upload

app_name = "recordings"

urlpatterns = [
    path("", browse.recordings_list, name="list"),
    path("upload/", upload.upload, name="upload"),
    path("upload/file/", upload.upload_file, name="upload_file"),
    path("<str:ref>/rename/", browse.rename, name="rename"),
    path("<str:ref>/delete/", browse.delete, name="delete"),
]

# The detail page and what hangs off it (analysis, export, audio) share the namespace.
urlpatterns += detail_urlpatterns
