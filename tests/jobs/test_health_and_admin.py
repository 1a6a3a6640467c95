"""/healthz tells how background work is doing (no secrets), fails while migrations are missing;
staff see tasks and their results in the admin; old results are pruned."""

from datetime import timedelta

import pytest
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from apps.jobs import health, retry
from apps.jobs.models import WorkerBeat
from apps.jobs.tasks import prune_task_results
from tests.factories import make_user
from tests.jobs.tasks_for_tests import count_run
from tests.taskqueue import run_queued


def test_healthz_reports_the_heartbeat_age_and_the_queue(client, db):
    beat = timezone.now() - timedelta(seconds=3)
    WorkerBeat.objects.create(worker_id="w", hostname="secret-host", pid=1, started_at=beat, beat_at=beat)
    count_run.enqueue("now")
    count_run.enqueue("now-too")
    retry.enqueue_later(count_run, 300, "later")
    DBTaskResult.objects.filter(args_kwargs__args=["now-too"]).get().claim("w")

    body = client.get("/healthz").json()

    assert body["status"] == "ok"
    assert body["worker"]["alive"] is True
    assert 2 <= body["worker"]["heartbeat_age_seconds"] < 60
    assert body["queue"] == {"ready": 1, "waiting": 1, "running": 1}
    assert "secret-host" not in str(body) and "now" not in str(body)


def test_healthz_says_the_worker_is_not_alive_when_its_beat_is_old(client, db, settings):
    old = timezone.now() - timedelta(seconds=settings.JOBS_WORKER_LOST_SECONDS + 5)
    WorkerBeat.objects.create(worker_id="w", hostname="h", pid=1, started_at=old, beat_at=old)

    assert client.get("/healthz").json()["worker"]["alive"] is False


@pytest.fixture
def forget_applied(monkeypatch):
    monkeypatch.setattr(health, "_all_applied", False)


def test_healthz_fails_while_a_migration_is_unapplied(client, db, forget_applied):
    MigrationRecorder.Migration.objects.filter(app="jobs", name="0001_initial").delete()

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "error", "migrations": "unapplied"}


def test_healthz_passes_once_every_migration_is_applied(client, db, forget_applied):
    assert client.get("/healthz").status_code == 200


def test_staff_list_tasks_and_their_results_in_the_admin(client, db):
    count_run.enqueue("shown")
    run_queued()
    client.force_login(make_user("root", is_staff=True, is_superuser=True))

    page = client.get("/admin/django_tasks_database/dbtaskresult/")

    assert page.status_code == 200
    assert b"count_run" in page.content
    assert b"SUCCESSFUL" in page.content or b"Successful" in page.content


def test_other_users_cannot_open_the_task_admin(client, db):
    client.force_login(make_user("bea"))
    response = client.get("/admin/django_tasks_database/dbtaskresult/")
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


def test_old_results_are_pruned_and_recent_and_failed_ones_kept(db, settings):
    settings.JOBS_RESULT_DAYS = 7
    for name in ("old", "recent", "old-failed"):
        count_run.enqueue(name)
    run_queued()
    DBTaskResult.objects.filter(args_kwargs__args=["old-failed"]).update(status="FAILED")
    DBTaskResult.objects.exclude(args_kwargs__args=["recent"]).update(
        finished_at=timezone.now() - timedelta(days=8)
    )

    prune_task_results.call()

    left = {r.args_kwargs["args"][0] for r in DBTaskResult.objects.all()}
    assert left == {"recent", "old-failed"}  # failed results are kept twice as long
