from django.core.management.base import BaseCommand, CommandError

from privacy import retention


class Command(BaseCommand):
    help = (
        "Apply the retention schedule (settings RETENTION_*): delete old script and feedback "
        "files, equality answers and adjustments, anonymise long-inactive accounts. For cron; "
        "safe to run twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be done; change nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        try:
            results = retention.retention_plan() if dry_run else retention.retention_apply()
        except retention.RetentionSettingInvalid as error:
            raise CommandError(str(error)) from None
        verb = "would be changed" if dry_run else "changed"
        for rule, count in results:
            self.stdout.write(f"{rule.describes} (after {rule.days} days): {count} {verb}.")
        if dry_run:
            self.stdout.write("Dry run: nothing was changed.")
