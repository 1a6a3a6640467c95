"""The detail page's upstream calls, made at once: the recording, its three parts, the projects."""

from concurrent.futures import ThreadPoolExecutor

from apps.frame.errors import describe_error
from apps.identitycall import errors

from . import SUB_RESOURCES, Fetched, Part
from .not_ready import not_ready_message

# IdentityCall docs gap: before `completed` the sub-resources answer 422 "Transcription not
# available"; 404, 409 and 202 are tolerated the same way (docs/api-decisions.md, "Analysis before
# processing completes"). Matched by status, not class, so whichever exception a 409 becomes is
# covered.
NOT_READY_STATUSES = {202, 404, 409, 422}


def fetch_all(client, ref, *, parts=tuple(SUB_RESOURCES), with_projects=False, recording=None):
    """Return Fetched for `ref`, asking for every resource at once; re-raise recording errors.
    A `recording` already read (a check's probe) is used as it is, not asked for again."""
    if not parts and not with_projects:
        return Fetched(recording=recording or client.get_recording(ref))  # no threads for one
    with ThreadPoolExecutor(max_workers=5, thread_name_prefix="recording-detail") as pool:
        recording_call = None if recording else pool.submit(client.get_recording, ref)
        futures = {name: pool.submit(getattr(client, SUB_RESOURCES[name]), ref) for name in parts}
        projects_call = pool.submit(client.list_projects) if with_projects else None
        if recording_call is not None:
            # NotFoundError and the rest are the view's to handle
            recording = recording_call.result()
        done = {name: _part(name, future, recording) for name, future in futures.items()}
        projects = _projects(projects_call)
    return Fetched(recording=recording, projects=projects, **done)


def _projects(future):
    """Return the listed projects, or None: a missing project name never breaks the page."""
    if future is None:
        return None
    try:
        return future.result()
    except errors.IdentityCallError:
        return None


def _part(name, future, recording):
    """Return the Part for one finished sub-resource call."""
    try:
        value = future.result()
    except errors.IdentityCallError as exc:
        return _failed_part(name, exc, recording)
    if value is None or recording.status != "completed":
        # IdentityCall docs gap: a 202 (or any answer before completion) is not the analysis yet.
        return Part(state="not_ready", message=not_ready_message(name, recording))
    return Part(value=value)


def _failed_part(name, exc, recording):
    """Return "not ready" for the answers expected before completion, else an error sentence."""
    if exc.status in NOT_READY_STATUSES or isinstance(exc, (errors.ValidationError,
                                                              errors.NotFoundError)):
        return Part(state="not_ready", message=not_ready_message(name, recording))
    return Part(state="error", message=describe_error(exc))
