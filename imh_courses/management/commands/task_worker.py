"""The background task worker: django-tasks-db's db_worker, kept running when the database
goes away (a restart, a failover). db_worker exits on the first error it cannot handle, so a
PostgreSQL restart stopped every email and certificate PDF until someone noticed; this one
reconnects and goes on. Run it under a supervisor all the same (README: systemd).

A worker killed mid-task (SIGKILL, a lost machine) leaves that task marked running for ever. A
named worker (--worker-id, stable across restarts, e.g. the host's name) puts the tasks it was
running back in the queue when it starts again: it runs one task at a time, so any still marked
as its own were cut short. They run again (at least once: an email may go twice)."""

import logging
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import InterfaceError, OperationalError, connections, transaction
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Run background tasks (emails, certificate PDFs), surviving database restarts."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reconnect-seconds",
            type=float,
            default=5.0,
            help="How long to wait before trying the database again (default 5).",
        )
        parser.add_argument(
            "--worker-id",
            default=None,
            help="A name for this worker, unique in the pool (e.g. the host's name), recorded "
            "on each task it runs (default: a random one).",
        )

    def handle(self, *, reconnect_seconds, worker_id, verbosity, **options):
        named = {"worker_id": worker_id} if worker_id else {}
        if worker_id:
            requeued = tasks_cut_short_requeue(worker_id)
            if requeued:
                logger.warning(
                    "Back in the queue, cut short when %s stopped: %s", worker_id, requeued
                )
        while True:
            try:
                # Returns when the worker is asked to stop (SIGTERM, SIGINT).
                call_command("db_worker", reload=False, verbosity=verbosity, **named)
                return
            except (OperationalError, InterfaceError) as error:
                logger.warning(
                    "The task worker lost the database (%s); trying again in %s s.",
                    error,
                    reconnect_seconds,
                )
                connections.close_all()
                time.sleep(reconnect_seconds)


@transaction.atomic
def tasks_cut_short_requeue(worker_id):
    """Tasks still marked as running by `worker_id` (the last to claim them), back to ready."""
    running = DBTaskResult.objects.select_for_update().filter(
        status=TaskResultStatus.RUNNING, worker_ids__contains=[worker_id]
    )
    cut_short = [task.pk for task in running if task.worker_ids[-1] == worker_id]
    DBTaskResult.objects.filter(pk__in=cut_short).update(
        status=TaskResultStatus.READY, started_at=None
    )
    return len(cut_short)
