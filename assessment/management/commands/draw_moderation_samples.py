from django.core.management.base import BaseCommand

from assessment.services import moderation_samples_draw_due


class Command(BaseCommand):
    help = (
        "Draw the moderation sample of every cohort attempt whose marking is complete (each "
        "script marked, or the student's cut-off passed without one) and has none yet. A "
        "sample is drawn when the last script is marked; this catches a cut-off that passes "
        "later. For cron, daily; safe to run any number of times."
    )

    def handle(self, *args, **options):
        samples = moderation_samples_draw_due()
        for sample in samples:
            self.stdout.write(f"Drawn: {sample} ({sample.moderations.count()} scripts).")
        self.stdout.write(f"{len(samples)} moderation samples drawn.")
