"""What the console learns about the key from IdentityCall's refusals."""

import pytest

from apps.frame.key_hints import hints_for, learn_from_refusal
from apps.identitycall import errors


@pytest.mark.django_db
def test_refusals_are_remembered_and_unknown_ones_are_not(rf, django_user_model):
    request = rf.post("/")
    request.session = {}
    request.user = django_user_model(username="x")

    assert learn_from_refusal(request, errors.PermissionDeniedError("Nope")) is None
    assert hints_for(request) == hints_for(request).__class__()
    why = learn_from_refusal(request, errors.PermissionDeniedError("Write permission required."))

    assert why == "Your API key is read-only: it does not have write permission."
    assert hints_for(request).cannot_write is True
