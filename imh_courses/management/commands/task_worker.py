"""The background task worker: django-tasks-db's db_worker, kept running when the database
goes away (a restart, a failover). db_worker exits on the first error it cannot handle, so a
PostgreSQL restart stopped every email and certificate PDF until someone noticed; this one
reconnects and goes on. Run it under a supervisor all the same (README: systemd)."""

import logging
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import InterfaceError, OperationalError, connections

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

    def handle(self, *, reconnect_seconds, verbosity, **options):
        while True:
            try:
                # Returns when the worker is asked to stop (SIGTERM, SIGINT).
                call_command("db_worker", reload=False, verbosity=verbosity)
                return
            except (OperationalError, InterfaceError) as error:
                logger.warning(
                    "The task worker lost the database (%s); trying again in %s s.",
                    error,
                    reconnect_seconds,
                )
                connections.close_all()
                time.sleep(reconnect_seconds)
