"""Operators: list, create, read, update, delete."""

from ..resources import Operator


def _operator(reply):
    return Operator.from_api(reply.object())


class OperatorOperations:
    """The operator calls of IdentityCallClient."""

    def list_operators(self):
        """Return a Listing of every operator the key can see, ordered by name."""
        return self._list_all("/operators", Operator.from_api)

    def create_operator(self, *, name, phone_number, email=None, active=None):
        """Return the new operator; an account-wide key creates it linked to no project."""
        body = {"name": name, "phone_number": phone_number}
        body |= {k: v for k, v in (("email", email), ("active", active)) if v is not None}
        return self._write(
            "POST",
            "/operators",
            operation="create_operator",
            resource_type="operator",
            # The name only: a phone number and an email are personal data.
            detail={"name": name},
            read=_operator,
            made=lambda operator: operator.id,
            json=body,
        )

    def get_operator(self, operator_id):
        """Return the operator in detail form; raises NotFoundError."""
        return Operator.from_api(self._get("/operators/{id}", operator_id).object())

    def update_operator(self, operator_id, **fields):
        """Return the operator after sending exactly `fields` (email=None clears the email)."""
        return self._write(
            "PATCH",
            "/operators/{id}",
            operator_id,
            operation="update_operator",
            resource_type="operator",
            target=operator_id,
            detail={"fields": sorted(fields)},  # names only: the values are personal data
            read=_operator,
            json=fields,
        )

    def delete_operator(self, operator_id):
        """Return None once the operator and its routing links are deleted."""
        # IdentityCall docs conflict: this delete needs the write permission, not delete
        # (docs/api-decisions.md, "Deletes").
        self._delete(
            "/operators/{id}", operator_id, operation="delete_operator", resource_type="operator"
        )
