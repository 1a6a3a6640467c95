from django.urls import path

from .views import audio, browse, bulk, detail, export, kept_audio, queue, retry, speakers, upload

app_name = "recordings"

urlpatterns = [
    path("", browse.recordings_list, name="list"),
    path("upload/", upload.upload, name="upload"),
    path("upload/file/", upload.upload_file, name="upload_file"),
    path("upload/queue/", upload.upload_queue, name="upload_queue"),
    # Your uploads in progress (the list's block), before the recording patterns like kept-audio.
    path("uploads/", queue.queued_uploads, name="queued_uploads"),
    path("uploads/<uuid:upload_id>/retry/", queue.retry, name="retry_upload"),
    path("uploads/<uuid:upload_id>/dismiss/", queue.dismiss, name="dismiss_upload"),
    path("uploads/clear-sent/", queue.clear_sent, name="clear_sent_uploads"),
    # Before the recording patterns: "kept-audio" would otherwise be read as a recording's ref.
    path("kept-audio/", kept_audio.kept_audio, name="kept_audio"),
    # The list's selection (kept in the session) and what is done with it.
    path("selection/", bulk.update_selection, name="selection"),
    path("selection/delete/", bulk.bulk_delete, name="bulk_delete"),
    path("selection/export.csv", bulk.export_selection, name="export_selection"),
    path("<str:ref>/rename/", browse.rename, name="rename"),
    path("<str:ref>/delete/", browse.delete, name="delete"),
    path("<str:ref>/retry/", retry.retry, name="retry"),
    # The detail page and what hangs off it: the analysis, the exports, the kept audio.
    path("<str:ref>/", detail.detail, name="detail"),
    path("<str:ref>/status/", detail.status, name="status"),
    path("<str:ref>/analysis/", detail.analysis, name="analysis"),
    path("<str:ref>/export.<str:fmt>", export.export, name="export"),
    path("<str:ref>/speakers/", speakers.speakers, name="speakers"),
    path("<str:ref>/audio", audio.audio, name="audio"),
]
