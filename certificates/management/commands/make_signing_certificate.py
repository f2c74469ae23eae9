from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from certificates.signing import signing_pair_create


class Command(BaseCommand):
    help = (
        "Create a self-signed key and certificate for signing certificate PDFs in development, "
        "at CERTIFICATE_SIGNING_KEY and CERTIFICATE_SIGNING_CERT. Leaves an existing pair alone "
        "unless --replace; refuses to run when DJANGO_ENV=production."
    )

    def add_arguments(self, parser):
        parser.add_argument("--replace", action="store_true", help="Replace an existing pair.")

    def handle(self, *args, replace=False, **options):
        if settings.PRODUCTION:
            raise CommandError("Production signs with the IMH's own key and certificate.")
        key_path = Path(settings.CERTIFICATE_SIGNING_KEY)
        cert_path = Path(settings.CERTIFICATE_SIGNING_CERT)
        if key_path.exists() and cert_path.exists() and not replace:
            self.stdout.write(f"Signing pair already at {key_path} and {cert_path}.")
            return
        signing_pair_create(
            key_path=key_path,
            cert_path=cert_path,
            common_name="Institute of Mental Health certificates (development)",
        )
        self.stdout.write(f"Signing pair written to {key_path} and {cert_path}.")
