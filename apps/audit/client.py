"""An IdentityCall client that records every write it performs in the audit trail.

`service.client_for(user)` hands this out, so every section's writes are recorded without the
section knowing. Reads, and anything not listed here, go straight to the real client.
"""

import os

from apps.audit.recorder import record
from apps.identitycall import errors

# The client returns resources, not HTTP statuses, so a success is recorded with the status the API
# documents for that kind of write: 201 for creates, 200 for updates, 204 for deletes. Uploads
# know theirs (201 stored, 200 replayed for a known external_id).
# IdentityCall docs conflict: operators answer a delete 200 {"success": true}, recordings and
# projects 204 (§10 accepts both); the trail says 204 for every successful delete.
CREATED, OK, DELETED = 201, 200, 204


class AuditedClient:
    """An IdentityCallClient recording one AuditEvent per write; otherwise the real one."""

    def __init__(self, client, user, *, address=None):
        self._client = client
        self._user = user
        self._address = address

    def __getattr__(self, name):
        # Only reached for names this class does not define: every read, and any later addition.
        if name == "_client":  # not set yet (a copy being built): no endless recursion
            raise AttributeError(name)
        return getattr(self._client, name)

    def __repr__(self):
        return f"<AuditedClient {self._client!r}>"  # the real repr shows the last four only

    @property
    def wrapped(self):
        """Return the real IdentityCallClient."""
        return self._client

    # Recordings

    def upload_recording(self, file, *, filename, project_id=None, **options):
        detail = {"filename": filename, "size": _size_of(file), "project_id": project_id}
        return self._write(
            "recording.upload",
            "recording",
            lambda: self._client.upload_recording(
                file, filename=filename, project_id=project_id, **options
            ),
            detail=detail,
            id_of=lambda result: result.recording.ref,
            status_of=lambda result: CREATED if result.created else OK,
        )

    def stream_recording(self, chunks, *, size, filename, project_id=None, **options):
        detail = {"filename": filename, "size": size, "project_id": project_id}
        return self._write(
            "recording.upload",
            "recording",
            lambda: self._client.stream_recording(
                chunks, size=size, filename=filename, project_id=project_id, **options
            ),
            detail=detail,
            id_of=lambda result: result.recording.ref,
            status_of=lambda result: CREATED if result.created else OK,
        )

    def rename_recording(self, ref, display_name):
        return self._write(
            "recording.rename",
            "recording",
            lambda: self._client.rename_recording(ref, display_name),
            resource_id=ref,
            detail={"fields": ["display_name"]},
        )

    def update_recording(self, ref, *, display_name=None, project_id=None):
        changed = {"display_name": display_name, "project_id": project_id}
        return self._write(
            "recording.update",
            "recording",
            lambda: self._client.update_recording(
                ref, display_name=display_name, project_id=project_id
            ),
            resource_id=ref,
            detail={"fields": [name for name, value in changed.items() if value is not None]},
        )

    def delete_recording(self, ref):
        return self._delete("recording", ref, self._client.delete_recording)

    # Projects

    def create_project(self, **fields):
        return self._create(
            "project", lambda: self._client.create_project(**fields), name=fields.get("name")
        )

    def update_project(self, project_id, **fields):
        return self._update("project", project_id, self._client.update_project, fields)

    def delete_project(self, project_id):
        return self._delete("project", project_id, self._client.delete_project)

    # Virtual numbers

    def purchase_number(self, phone_number, **options):
        detail = {
            "phone_number": phone_number,
            "country_code": options.get("country_code"),
            "number_type": options.get("number_type"),
        }
        return self._write(
            "number.purchase",
            "number",
            lambda: self._client.purchase_number(phone_number, **options),
            detail=detail,
            id_of=lambda number: number.id,
            status_of=lambda number: CREATED,
        )

    def update_virtual_number(self, number_id, **fields):
        return self._update("number", number_id, self._client.update_virtual_number, fields)

    def add_operator(self, number_id, *, operator_id=None, phone_number=None, name=None):
        # A new operator's phone number is personal data and stays out of the trail.
        detail = {"operator_id": operator_id, "new_operator": operator_id is None}
        return self._write(
            "number.add_operator",
            "number",
            lambda: self._client.add_operator(
                number_id, operator_id=operator_id, phone_number=phone_number, name=name
            ),
            resource_id=number_id,
            detail=detail,
        )

    def remove_operator(self, number_id, operator_id):
        return self._write(
            "number.remove_operator",
            "number",
            lambda: self._client.remove_operator(number_id, operator_id),
            resource_id=number_id,
            detail={"operator_id": operator_id},
        )

    # Operators

    def create_operator(self, *, name, phone_number, email=None, active=None):
        return self._create(
            "operator",
            lambda: self._client.create_operator(
                name=name, phone_number=phone_number, email=email, active=active
            ),
            name=name,
        )

    def update_operator(self, operator_id, **fields):
        return self._update("operator", operator_id, self._client.update_operator, fields)

    def delete_operator(self, operator_id):
        return self._delete("operator", operator_id, self._client.delete_operator)

    # The trail

    def _create(self, resource_type, call, *, name):
        return self._write(
            f"{resource_type}.create",
            resource_type,
            call,
            detail={"name": name},
            id_of=lambda created: created.id,
            status_of=lambda created: CREATED,
        )

    def _update(self, resource_type, resource_id, method, fields):
        # Field names only: the values may be personal data or free text.
        return self._write(
            f"{resource_type}.update",
            resource_type,
            lambda: method(resource_id, **fields),
            resource_id=resource_id,
            detail={"fields": sorted(fields)},
        )

    def _delete(self, resource_type, resource_id, method):
        return self._write(
            f"{resource_type}.delete",
            resource_type,
            lambda: method(resource_id),
            resource_id=resource_id,
            status_of=lambda _: DELETED,
        )

    def _write(
        self,
        action,
        resource_type,
        call,
        *,
        resource_id=None,
        detail=None,
        id_of=None,
        status_of=lambda _: OK,
    ):
        """Return call()'s result after recording its outcome; re-raise its IdentityCallError."""
        facts = {"action": action, "resource_type": resource_type, "detail": detail}
        try:
            result = call()
        except errors.IdentityCallError as exc:
            self._record(**facts, resource_id=resource_id, status=exc.status, error=exc)
            raise
        if id_of is not None:
            resource_id = id_of(result)
        self._record(**facts, resource_id=resource_id, status=status_of(result))
        return result

    def _record(self, *, action, resource_type, resource_id, detail, status, error=None):
        if getattr(error, "outcome_unknown", False):
            # A 5xx or a connection lost after sending: the trail must not say it failed.
            detail = {**(detail or {}), "outcome_unknown": True}
        record(
            self._user,
            action,
            resource_type=resource_type,
            resource_id=resource_id,
            status=status,
            error=type(error).__name__ if error else None,
            detail=detail,
            address=self._address,
        )


def _size_of(file):
    """Return the size in bytes of a path or a file, None when it cannot be told."""
    size = getattr(file, "size", None)  # Django's UploadedFile
    if isinstance(size, int):
        return size
    try:
        if not hasattr(file, "read"):
            return os.path.getsize(file)
        if file.seekable():  # without reading: only the end position is asked for
            here = file.tell()
            end = file.seek(0, os.SEEK_END)
            file.seek(here)
            return end
    except (OSError, TypeError, ValueError):
        pass
    return None
