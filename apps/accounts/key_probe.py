"""What a key may do, learnt when it is saved, with requests that cannot change anything.

IdentityCall has no endpoint describing a key (its permissions and scope are chosen in the
dashboard), so the console asks three questions whose answers differ by permission:

* GET /projects (the key check itself): 200 means read; a project-scoped key sees a one-element
  list of its own project, so any other count means the key is account-wide.
* POST /projects with an empty body `{}`: "Write permission required" (no write), "Project-scoped
  API keys cannot create or destroy projects" (scoped, and write passed), 400/422 (the body was
  judged: write, account-wide). The body lacks the required `name` and `language`, so nothing can
  be created.
* DELETE /recordings/<an id no recording has>: "Delete permission required" (no delete) or 404
  (delete). The id is a UUIDv7 of time zero, which no recording made since 1970 carries.

Any other answer (429, 5xx, a timeout, an unknown 403 sentence) leaves that permission unknown, and
an unknown permission never hides anything: the console learns it from the first refusal instead.
"""

# IdentityCall docs gap: the docs list each endpoint's 403 and 404/422 answers but not the order
# they are checked in. We take the order the docs list them in (401, 403, then 404/422), which is
# how the sandbox checks (apps/sandbox/auth.py: the permission before the handler): a 404 or 422
# to a probe means the permission passed (docs/api-decisions.md, "What a key may do").

import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from apps.frame.errors import DELETE, SCOPED, WRITE, refused_for
from apps.identitycall import errors
from apps.identitycall.resources import total_of

logger = logging.getLogger(__name__)

# A UUIDv7 whose timestamp is 0: syntactically a recording id, owned by no recording.
PROBE_RECORDING = "00000000-0000-7000-8000-000000000000"
# The answers that mean the request got past the permission check and was judged on its merits.
PAST_PERMISSION = (errors.NotFoundError, errors.ValidationError, errors.BadRequestError)


@dataclass(frozen=True)
class Known:
    """What is known of a key: True allowed, False refused, None unknown (never hides)."""

    read: bool | None = None
    write: bool | None = None
    delete: bool | None = None
    scoped: bool | None = None  # True: bound to one project; False: account-wide
    scope_project_id: int | None = None
    scope_project_name: str = ""

    @property
    def anything_known(self) -> bool:
        return any(flag is not None for flag in (self.read, self.write, self.delete, self.scoped))


def create_answer(failure: errors.IdentityCallError | None) -> tuple[bool | None, bool | None]:
    """Return (write, scoped) taught by POST /projects `{}`'s answer (None: it succeeded)."""
    if failure is None:
        # Documented as impossible (name and language are required); had it happened, the key
        # can create projects.
        logger.error("The permission probe POST /projects {} was accepted by IdentityCall")
        return True, False
    refused = refused_for(failure)
    if refused == WRITE:
        return False, None
    if refused == SCOPED:
        return True, True
    if isinstance(failure, (errors.ValidationError, errors.BadRequestError)):
        return True, False
    return None, None


def delete_answer(failure: errors.IdentityCallError | None) -> bool | None:
    """Return whether DELETE /recordings/<PROBE_RECORDING>'s answer shows delete permission."""
    if failure is None or isinstance(failure, errors.NotFoundError):
        return True
    if refused_for(failure) == DELETE:
        return False
    return None


def scope_from_list(projects) -> bool | None:
    """Return False when the listed projects prove the key account-wide; None when they cannot."""
    # A project-scoped key lists exactly its own project (docs/api-decisions.md); one project
    # alone is also what an account-wide key of a one-project account sees.
    return None if total_of(projects) == 1 else False


def combine(projects, create_failure, delete_failure) -> Known:
    """Return what GET /projects' items and the two probes' failures (None: success) teach."""
    write, scoped = create_answer(create_failure)
    if scoped is None:
        scoped = scope_from_list(projects)
    project_id, project_name = None, ""
    if scoped and total_of(projects) == 1 and len(projects) == 1:
        project_id, project_name = projects[0].id, projects[0].name or ""
    return Known(
        read=True,
        write=write,
        delete=delete_answer(delete_failure),
        scoped=scoped,
        scope_project_id=project_id,
        scope_project_name=project_name,
    )


def _failure_of(call):
    """Return None when call() succeeds, else the IdentityCallError it raised."""
    try:
        call()
    except errors.IdentityCallError as exc:
        return exc
    return None


def probe(client, projects) -> Known:
    """Return what the key behind `client` may do; `projects` is its GET /projects listing.

    `client` must carry no `on_write` hook: the probes are questions, not activity. Both probes
    run at once, so saving a key waits for the slower one only.
    """
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="key-probe") as pool:
        created = pool.submit(_failure_of, lambda: client.create_project())
        deleted = pool.submit(_failure_of, lambda: client.delete_recording(PROBE_RECORDING))
    known = combine(projects, created.result(), deleted.result())
    logger.info(
        "Key permissions probed: read=%s write=%s delete=%s scoped=%s",
        known.read, known.write, known.delete, known.scoped,
    )
    return known
