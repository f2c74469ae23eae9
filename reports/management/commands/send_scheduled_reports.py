from django.core.management.base import BaseCommand

from reports.services import scheduled_reports_send


class Command(BaseCommand):
    help = (
        "Email each report subscriber a link to their report when it has rows and new data "
        "since the last email (at most one email in 25 days). Run it monthly from cron."
    )

    def handle(self, *args, **options):
        outcome = scheduled_reports_send()
        self.stdout.write(", ".join(f"{reason}: {count}" for reason, count in outcome.items()))
