"""The key page and the save message say what the key may do, learnt when it is saved."""

from apps.accounts.key_probe import PROBE_RECORDING
from apps.accounts.models import ApiKey, KeyPermissions
from apps.audit.models import AuditEvent
from tests.factories import BASE, KEY, OTHER_KEY, projects_body

PAGE = "/settings/api-key/"
WRITE_REFUSED = {"status": 403, "json": {"error": "Write permission required"}}
DELETE_REFUSED = {"status": 403, "json": {"error": "Delete permission required"}}
SCOPED_REFUSED = {
    "status": 403, "json": {"error": "Project-scoped API keys cannot create or destroy projects"}
}
NOT_FOUND = {"status": 404, "json": {"error": "Resource not found"}}


def answers(upstream, *, listed, create, delete):
    upstream.get(f"{BASE}/projects", json=projects_body(listed))
    upstream.post(f"{BASE}/projects", **create)
    upstream.delete(f"{BASE}/recordings/{PROBE_RECORDING}", **delete)


def test_saving_a_read_only_key_says_what_it_cannot_do(signed_in, user, upstream):
    answers(upstream, listed=5, create=WRITE_REFUSED, delete=DELETE_REFUSED)

    page = signed_in.post(PAGE, {"api_key": KEY}, follow=True).content.decode()

    assert (
        "API key idc_…abcd saved. It sees 5 projects. It can read but not write or delete; "
        "it reaches every project in the account." in page
    )
    assert 'class="perm perm--yes">Read' in page
    assert 'class="perm perm--no">Write' in page
    assert 'class="perm perm--no">Delete' in page
    row = KeyPermissions.objects.get()
    assert (row.can_read, row.can_write, row.can_delete, row.scoped) == (True, False, False, False)
    # The probes are questions, not activity: only the save itself is in the trail.
    assert list(AuditEvent.objects.values_list("action", flat=True)) == ["api_key.save"]


def test_saving_a_project_scoped_key_names_its_project(signed_in, upstream):
    answers(upstream, listed=1, create=SCOPED_REFUSED, delete=NOT_FOUND)

    page = signed_in.post(PAGE, {"api_key": KEY}, follow=True).content.decode()

    assert "It can read, write and delete; it is limited to the project “Project 1”." in page
    assert "Limited to the project “Project 1”" in page


def test_answers_that_prove_nothing_are_shown_as_not_known_yet(signed_in, upstream):
    answers(upstream, listed=1, create={"status": 500}, delete={"status": 429})

    page = signed_in.post(PAGE, {"api_key": KEY}, follow=True).content.decode()

    assert "It can read. Whether it can write or delete is not known yet" in page
    assert 'class="perm perm--unknown">Write' in page
    assert "? means not known yet" in page


def test_replacing_the_key_forgets_what_was_known_of_the_old_one(signed_in, user, upstream):
    answers(upstream, listed=5, create=WRITE_REFUSED, delete=DELETE_REFUSED)
    signed_in.post(PAGE, {"api_key": KEY})
    old = ApiKey.objects.get(user=user).fingerprint
    upstream.reset()
    answers(upstream, listed=5, create={"status": 422, "json": {"errors": ["x"]}},
            delete=NOT_FOUND)

    signed_in.post(PAGE, {"api_key": OTHER_KEY})

    assert not KeyPermissions.objects.filter(fingerprint=old).exists()
    assert KeyPermissions.objects.get().can_write is True


def test_verify_again_probes_the_stored_key_again(keyed, user, upstream):
    answers(upstream, listed=3, create=WRITE_REFUSED, delete=NOT_FOUND)

    page = keyed.post(f"{PAGE}verify/", follow=True).content.decode()

    assert "Your key works. It sees 3 projects. It can read and delete but not write" in page
    assert KeyPermissions.objects.get(fingerprint=user.api_key.fingerprint).can_write is False


def test_removing_the_key_forgets_its_permissions(keyed, user, upstream):
    answers(upstream, listed=3, create=WRITE_REFUSED, delete=NOT_FOUND)
    keyed.post(f"{PAGE}verify/")
    keyed.post(f"{PAGE}remove/")
    assert not KeyPermissions.objects.exists()


def test_a_key_saved_before_permissions_were_kept_shows_them_unknown(keyed, user):
    ApiKey.objects.filter(user=user).update(fingerprint="")
    page = keyed.get(PAGE).content.decode()
    assert 'class="perm perm--unknown">Read' in page
    assert ApiKey.objects.get(user=user).fingerprint  # filled on first use
