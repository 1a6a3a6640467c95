"""Projects: list, create, read, update, delete."""

from ..resources import Project


def _project(reply):
    return Project.from_api(reply.object())


class ProjectOperations:
    """The project calls of IdentityCallClient."""

    def list_projects(self):
        """Return a Listing of every project the key can see, ordered by name."""
        return self._list_all("/projects", Project.from_api)

    def create_project(self, **fields):
        """Return the new project (short or full form); raises PermissionDeniedError when scoped."""
        # IdentityCall docs conflict: the create response may be the short form plus counts or the
        # full form; callers re-read the project when they need more (docs/api-decisions.md,
        # "Project create response").
        return self._write(
            "POST",
            "/projects",
            operation="create_project",
            resource_type="project",
            detail={"name": fields.get("name")},
            read=_project,
            made=lambda project: project.id,
            json=fields,
        )

    def get_project(self, project_id):
        """Return the project in full form; raises NotFoundError."""
        return Project.from_api(self._get("/projects/{id}", project_id).object())

    def update_project(self, project_id, **fields):
        """Return the project after sending exactly `fields` (a None value is sent as null)."""
        return self._write(
            "PATCH",
            "/projects/{id}",
            project_id,
            operation="update_project",
            resource_type="project",
            target=project_id,
            # Field names only: the values may be personal data or free text.
            detail={"fields": sorted(fields)},
            read=_project,
            json=fields,
        )

    def delete_project(self, project_id):
        """Return None once the project and everything in it is deleted."""
        self._delete(
            "/projects/{id}", project_id, operation="delete_project", resource_type="project"
        )
