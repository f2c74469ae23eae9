from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from seeding.demo.accounts import DEMO_PASSWORD, seed_organisations, seed_people
from seeding.demo.assessment import seed_submissions
from seeding.demo.certificates import seed_certificates
from seeding.demo.enrolment import seed_enrolments
from seeding.demo.evaluations import seed_evaluations
from seeding.demo.modules import seed_cohorts, seed_modules
from seeding.demo.oversight import seed_moderation, seed_reviews


class Command(BaseCommand):
    help = (
        "Create or refresh the demo data: the two KUF modules, past, running and upcoming "
        "cohorts, demo organisations, applications and enrolments in every state with "
        "registers, scripts in every marking state, signed certificates (one reissued, one "
        "revoked) and one account per role (password "
        "kuf-demo). Safe to run again; refuses to run when DJANGO_ENV=production."
    )

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("seed_demo refuses to run when DJANGO_ENV=production.")
        call_command("make_signing_certificate", stdout=self.stdout)
        with transaction.atomic():
            organisations = seed_organisations()
            people = seed_people()
            modules = seed_modules()
            cohorts = seed_cohorts(modules, people, today=timezone.localdate())
            enrolments = seed_enrolments(cohorts, people, organisations)
            submissions = seed_submissions(people)
            certificates = seed_certificates(people)
            moderations = seed_moderation(people)
            ratings = seed_evaluations()
            seed_reviews(people)
        self.stdout.write(
            f"Demo data ready: {len(modules)} modules, {len(cohorts)} cohorts, "
            f"{len(organisations)} organisations, {enrolments} enrolments, {submissions} "
            f"submissions, {moderations} moderated, {ratings} self-ratings, {certificates} "
            f"certificates, "
            f"{len(people)} demo "
            f"logins (password {DEMO_PASSWORD})."
        )
