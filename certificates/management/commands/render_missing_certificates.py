"""Queue the PDF of every certificate that has none some minutes after it was issued (cron,
every 5 minutes). A task worker killed while rendering (SIGKILL, a lost server) leaves its task
running for ever and the certificate without a PDF: this finds those. Rendering is idempotent,
so a certificate still waiting in the queue costs a second task, never a second file."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone

from certificates.models import Certificate
from certificates.tasks import certificate_render


class Command(BaseCommand):
    help = "Queue the PDF of certificates issued or reissued a while ago that still have none."

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than-minutes",
            type=float,
            default=10,
            help="Leave alone certificates (re)issued more recently than this (default 10).",
        )

    def handle(self, *, older_than_minutes, **options):
        before = timezone.now() - timedelta(minutes=older_than_minutes)
        missing = Certificate.objects.filter(
            Q(reissued_at__lt=before) | Q(reissued_at=None, issued_at__lt=before),
            pdf="",
            render_attempts__lt=settings.CERTIFICATE_RENDER_ATTEMPTS,
        ).values_list("pk", flat=True)
        queued = 0
        for certificate_id in missing.iterator():
            certificate_render.enqueue(certificate_id)
            queued += 1
        self.stdout.write(f"Certificates without a PDF queued for rendering: {queued}.")
