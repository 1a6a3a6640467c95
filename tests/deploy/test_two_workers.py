"""Many machines, one queue: workers sharing the PostgreSQL database each take tasks (claimed with
SELECT … FOR UPDATE SKIP LOCKED), every task runs exactly once, and a task whose worker is killed
mid-run goes back to the queue and another worker finishes it (apps/jobs/beat.py)."""

import json
import signal

import pytest

from tests.deploy.probe_tasks import CREATE_TABLES, HOLDS_TABLE, RUNS_TABLE
from tests.deploy.processes import manage, run_manage, wait_until
from tests.deploy.services import postgres_connect, production_env, scratch_postgres

RESULTS = "django_tasks_database_dbtaskresult"
TASK = "tests.deploy.probe_tasks.record_run"
ENQUEUE_200 = """
from django.db import transaction
from tests.deploy.probe_tasks import record_run
with transaction.atomic():  # all 200 appear at once: the workers compete for every one
    for n in range(200):
        record_run.enqueue(n, 0.005)
"""


@pytest.fixture
def shared(tmp_path):
    """A migrated scratch database and the production environment every process here shares."""
    with scratch_postgres("workers") as url:
        env = production_env(DATABASE_URL=url, CONSOLE_VAR_DIR=str(tmp_path),
                             JOBS_BEAT_SECONDS="0.5", JOBS_WORKER_LOST_SECONDS="2")
        run_manage("migrate", "--noinput", env=env)
        with postgres_connect(url) as db:
            for statement in CREATE_TABLES:
                db.execute(statement)
            yield env, db


@pytest.fixture
def workers(shared):
    """Start `manage.py worker` processes on demand; stop whatever is left afterwards."""
    env, db = shared
    started = []

    def start():
        worker = manage("worker", "--interval", "0.1", "--no-startup-delay", env=env)
        started.append(worker)
        wait_until(lambda: db.execute("SELECT 1 FROM jobs_workerbeat WHERE pid = %s",
                                      [worker.pid]).fetchone(),
                   timeout=60, what=f"worker {worker.pid}'s first heartbeat")
        return worker

    yield start
    for worker in started:
        worker.stop()


def count(db, sql, params=()):
    return db.execute(sql, params).fetchone()[0]


def test_two_workers_run_each_of_200_tasks_exactly_once_and_share_them(shared, workers):
    env, db = shared
    first, second = workers(), workers()

    run_manage("shell", "--no-imports", "-c", ENQUEUE_200, env=env)

    wait_until(lambda: count(db, f"SELECT count(*) FROM {RESULTS} WHERE task_path = %s AND "
                                 "status NOT IN ('READY', 'RUNNING')", [TASK]) == 200,
               timeout=120, what="the queue to drain")
    runs = db.execute(f"SELECT n, phase, count(*) FROM {RUNS_TABLE} GROUP BY n, phase").fetchall()
    assert sorted(runs) == sorted([(n, phase, 1) for n in range(200)
                                   for phase in ("started", "finished")])
    statuses = db.execute(f"SELECT status, count(*) FROM {RESULTS} WHERE task_path = %s "
                          "GROUP BY status", [TASK]).fetchall()
    assert statuses == [("SUCCESSFUL", 200)]
    by_worker = dict(db.execute(f"SELECT pid, count(*) FROM {RUNS_TABLE} WHERE phase = 'finished' "
                                "GROUP BY pid").fetchall())
    assert set(by_worker) == {first.pid, second.pid}, by_worker  # both took some


def test_a_task_whose_worker_is_killed_mid_run_is_requeued_and_finished_by_another(shared, workers):
    env, db = shared
    doomed = workers()
    db.execute(f"INSERT INTO {HOLDS_TABLE} (n) VALUES (7)")  # the task waits until released
    run_manage("shell", "--no-imports", "-c",
               "from tests.deploy.probe_tasks import record_run; record_run.enqueue(7)", env=env)
    wait_until(lambda: count(db, f"SELECT count(*) FROM {RUNS_TABLE} WHERE pid = %s",
                             [doomed.pid]), timeout=60, what="the first worker to start the task")

    doomed.stop(signal.SIGKILL)  # the machine is lost mid-task: no clean-up of any kind
    assert count(db, f"SELECT count(*) FROM {RESULTS} WHERE task_path = %s AND status = "
                     "'RUNNING'", [TASK]) == 1
    db.execute(f"DELETE FROM {HOLDS_TABLE}")
    rescuer = workers()

    rescuer.wait_for_line(r"left running by a lost worker: queued again", timeout=60)
    wait_until(lambda: count(db, f"SELECT count(*) FROM {RESULTS} WHERE task_path = %s AND "
                                 "status = 'SUCCESSFUL'", [TASK]) == 1,
               timeout=60, what="the second worker to finish the task")
    runs = db.execute(f"SELECT pid, phase FROM {RUNS_TABLE} ORDER BY pid, phase").fetchall()
    assert sorted(runs) == sorted([(doomed.pid, "started"), (rescuer.pid, "started"),
                                   (rescuer.pid, "finished")])
    worker_ids = db.execute(f"SELECT worker_ids FROM {RESULTS} WHERE task_path = %s",
                            [TASK]).fetchone()[0]
    worker_ids = json.loads(worker_ids) if isinstance(worker_ids, str) else worker_ids
    assert len(worker_ids) == 2 and worker_ids[0] != worker_ids[1]  # claimed by each in turn
