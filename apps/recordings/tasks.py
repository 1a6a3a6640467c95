"""The recordings section's background tasks (run by `manage.py worker`, docs/architecture.md,
"Background work"). Arguments are JSON-able; each task is safe to run twice."""

from django.tasks import task

from .ingest import queue, queue_sending


@task(takes_context=True)
def send_queued_upload(context, upload_id, maybe_stored=False):
    """Send one queued upload to IdentityCall (ingest/queue_sending.py); return its status
    afterwards, or "" when this run had nothing to do. `maybe_stored`: an earlier try may have
    stored the file (its outcome was unknown), which a later refusal must not deny."""
    return queue_sending.send(upload_id, task_id=context.task_result.id, maybe_stored=maybe_stored)


@task
def prune_queued_uploads():
    """Forget sent uploads older than the list shows them (their staged files are gone already);
    return how many were forgotten."""
    return queue.forget_old_sent()
