"""`manage.py worker`: django-tasks-db's `db_worker`, plus the console's heartbeat thread
(apps/jobs/beat.py: liveness for /healthz, periodic tasks, stranded tasks requeued).

Takes db_worker's options; `make run` starts one beside the web server, production runs as many
as it likes on as many machines as share the database (README.md, "Running on several machines").
"""

from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from apps.jobs.beat import Heartbeat


class Command(DbWorkerCommand):
    help = "Run the console's background worker (tasks, periodic tasks, heartbeat)."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(queue_name="*", reload=False)

    def handle(self, *args, worker_id, **options):
        heartbeat = Heartbeat(worker_id)
        heartbeat.start()
        try:
            super().handle(*args, worker_id=worker_id, **options)
        finally:
            heartbeat.stop()
