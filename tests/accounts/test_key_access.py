"""allows(request, action) and {% key_allows %}: what the console knows of the key, per key."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from apps.accounts import key_access
from apps.accounts.clients import client_for
from apps.accounts.key_access import READ_ONLY_WHY, SCOPED_WHY, Access, access, allows
from apps.accounts.key_probe import Known
from apps.accounts.models import KeyPermissions
from apps.frame.key_hints import CANNOT_WRITE, hints_for
from apps.identitycall import errors
from tests.factories import BASE, KEY, OTHER_KEY, give_key

READ_ONLY = Known(read=True, write=False, delete=False, scoped=False)
SCOPED = Known(read=True, write=True, delete=True, scoped=True, scope_project_id=7,
               scope_project_name="Support")


@pytest.fixture
def request_of(user):
    def build():
        request = RequestFactory().get("/")
        request.user = user
        request.session = {}
        return request

    return build


def remember(user, known):
    key_access.remember(user.api_key.fingerprint, known)


@pytest.mark.parametrize(
    ("known", "action", "expected"),
    [
        (Known(), "write", Access(True)),
        (Known(), "delete_project", Access(True)),
        (READ_ONLY, "read", Access(True)),
        (READ_ONLY, "write", Access(False, READ_ONLY_WHY)),
        (READ_ONLY, "buy_number", Access(False, READ_ONLY_WHY)),
        (READ_ONLY, "create_project", Access(False, READ_ONLY_WHY)),
        (READ_ONLY, "delete", Access(False, key_access.NO_DELETE_WHY)),
        (SCOPED, "write", Access(True)),
        (SCOPED, "delete", Access(True)),
        (SCOPED, "buy_number", Access(True)),
        (SCOPED, "create_project", Access(False, SCOPED_WHY)),
        (SCOPED, "delete_project", Access(False, SCOPED_WHY)),
        (Known(write=True, scoped=None), "create_project", Access(True)),
        (Known(read=False), "read", Access(False, key_access.NO_READ_WHY)),
    ],
)
def test_only_a_known_refusal_says_no_and_it_says_which_permission(known, action, expected):
    assert access(known, action) == expected


def test_an_unknown_action_is_a_programming_error():
    with pytest.raises(ValueError):
        access(Known(), "fly")


@pytest.mark.django_db
def test_a_key_nothing_is_known_of_allows_everything(user, request_of):
    give_key(user)
    assert all(allows(request_of(), action).ok for action in key_access.ACTIONS)


@pytest.mark.django_db
def test_what_is_known_is_kept_per_key_and_a_new_key_forgets_it(user, request_of):
    give_key(user)
    remember(user, READ_ONLY)
    assert allows(request_of(), "write") == Access(False, READ_ONLY_WHY)

    give_key(user, OTHER_KEY)
    key_access.forget_unused()
    user.refresh_from_db()

    assert allows(request_of(), "write").ok
    assert KeyPermissions.objects.count() == 0


@pytest.mark.django_db
def test_the_same_key_saved_by_another_user_shares_what_is_known(user, request_of,
                                                                 django_user_model):
    give_key(user)
    other = django_user_model.objects.create_user("grace", password="x-pass-123456")
    give_key(other)
    remember(user, READ_ONLY)
    request = request_of()
    request.user = other
    assert not allows(request, "write").ok


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("call", "method", "path", "answer", "field", "value"),
    [
        (lambda c: c.update_project(3, name="x"), "PATCH", "/projects/3",
         {"status": 403, "json": {"error": "Write permission required"}}, "can_write", False),
        (lambda c: c.delete_recording("abc"), "DELETE", "/recordings/abc",
         {"status": 403, "json": {"error": "Delete permission required"}}, "can_delete", False),
        (lambda c: c.create_project(name="x", language="en"), "POST", "/projects",
         {"status": 403, "json": {"error": "Project-scoped API keys cannot create or destroy "
                                            "projects"}}, "scoped", True),
        (lambda c: c.update_project(3, name="x"), "PATCH", "/projects/3",
         {"status": 200, "json": {"data": {"id": 3, "name": "x"}}}, "can_write", True),
        (lambda c: c.delete_recording("abc"), "DELETE", "/recordings/abc",
         {"status": 404, "json": {"error": "Resource not found"}}, "can_delete", True),
        (lambda c: c.delete_operator(4), "DELETE", "/operators/4",
         {"status": 403, "json": {"error": "Write permission required"}}, "can_write", False),
    ],
    ids=["write-refused", "delete-refused", "scoped-refused", "write-done", "delete-404",
         "operator-delete-needs-write"],
)
def test_every_write_answer_teaches_what_it_proves_about_the_key(
    user, upstream, call, method, path, answer, field, value
):
    give_key(user)
    upstream.add(method, f"{BASE}{path}", **answer)
    try:
        call(client_for(user))
    except errors.IdentityCallError:
        pass
    row = KeyPermissions.objects.get(fingerprint=user.api_key.fingerprint)
    assert getattr(row, field) is value


@pytest.mark.django_db
@pytest.mark.parametrize("answer", [
    {"status": 500, "json": {"error": "boom"}},
    {"status": 429, "json": {"error": "slow down"}},
    {"status": 403, "body": "<html>proxy</html>"},
])
def test_an_answer_that_proves_nothing_teaches_nothing(user, upstream, answer):
    give_key(user)
    upstream.patch(f"{BASE}/projects/3", **answer)
    with pytest.raises(errors.IdentityCallError):
        client_for(user).update_project(3, name="x")
    assert not KeyPermissions.objects.exclude(can_write=None).exists()


@pytest.mark.django_db
def test_what_the_database_knows_reaches_the_sections_hints(user, request_of):
    give_key(user)
    remember(user, SCOPED)
    request = request_of()
    request.key_knowledge = lambda: key_access.known_for(request)
    hints = hints_for(request)
    assert hints.scoped and hints.scope_project == 7 and not hints.cannot_write


@pytest.mark.django_db
def test_a_refusal_this_session_learnt_counts_too(user, request_of):
    give_key(user)
    request = request_of()
    request.session[CANNOT_WRITE] = True
    assert allows(request, "write") == Access(False, READ_ONLY_WHY)


@pytest.mark.django_db
def test_the_template_tag_answers_ok_and_why(user, request_of):
    give_key(user)
    remember(user, READ_ONLY)
    template = Template(
        '{% load key_access %}{% key_allows "write" as can %}{% key_allows "read" as see %}'
        "{{ can.ok }}|{{ can.why }}|{{ see.ok }}|{{ see.why }}"
    )
    rendered = template.render(Context({"request": request_of()}))
    assert rendered == f"False|{READ_ONLY_WHY}|True|"


def test_the_template_tag_without_a_request_allows():
    rendered = Template('{% load key_access %}{% key_allows "delete" as can %}{{ can.ok }}').render(
        Context({})
    )
    assert rendered == "True"


@pytest.mark.django_db
def test_a_refusal_without_known_words_names_the_one_cause_the_console_knows(user, request_of):
    from apps.frame.key_hints import OUTSIDE_SCOPE_WHY, explain_refusal

    give_key(user)
    request = request_of()
    request.key_knowledge = lambda: key_access.known_for(request)
    unknown = errors.PermissionDeniedError("project_id does not match")
    assert explain_refusal(request, unknown) == "Your API key does not allow this action."

    remember(user, SCOPED)
    del request._key_known  # a new request would read it afresh

    assert explain_refusal(request, unknown) == OUTSIDE_SCOPE_WHY
