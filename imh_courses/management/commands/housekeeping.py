"""Daily housekeeping (cron, e.g. `15 3 * * *`): expired sessions, finished background task
results, and sign-in throttling records past their use. The audit trail is kept (its own
retention is the privacy schedule's)."""

from datetime import timedelta

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.tasks import task_backends
from django.utils import timezone
from django_tasks_db import DatabaseBackend


class Command(BaseCommand):
    help = "Clear expired sessions, old task results and old sign-in throttling records."

    def add_arguments(self, parser):
        parser.add_argument(
            "--log-days",
            type=int,
            default=90,
            help="Keep sign-in logs (who signed in, failures) this many days (default 90).",
        )

    def handle(self, *, log_days, **options):
        call_command("clearsessions")
        self.stdout.write("Expired sessions cleared.")
        if isinstance(task_backends["default"], DatabaseBackend):
            call_command("prune_db_task_results", min_age_days=14, verbosity=0)
            self.stdout.write("Task results finished over 14 days ago pruned.")
        now = timezone.now()
        attempts = AccessAttempt.objects.filter(attempt_time__lt=now - settings.AXES_COOLOFF_TIME)
        logs_before = now - timedelta(days=log_days)
        removed = (
            attempts.delete()[0]
            + AccessLog.objects.filter(attempt_time__lt=logs_before).delete()[0]
            + AccessFailureLog.objects.filter(attempt_time__lt=logs_before).delete()[0]
        )
        self.stdout.write(f"Sign-in throttling records removed: {removed}.")
