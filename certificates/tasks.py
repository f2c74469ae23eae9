import datetime
import logging

from django.conf import settings
from django.db.models import F
from django.tasks import task
from django.utils import timezone

from certificates.models import Certificate
from certificates.pdf import certificate_pdf_store

logger = logging.getLogger(__name__)


@task
def certificate_render(certificate_id):
    """Render, sign and store a certificate's PDF if it has none yet.

    A failure leaves the certificate as it was (the download says the PDF is being prepared)
    and, on a backend that can delay tasks, tries again later: 1, 2, 4... minutes, up to
    CERTIFICATE_RENDER_ATTEMPTS times.
    """
    certificate = Certificate.objects.get(pk=certificate_id)
    if certificate.pdf:
        return certificate.pdf_sha256
    try:
        return certificate_pdf_store(certificate=certificate).pdf_sha256
    except Exception:
        Certificate.objects.filter(pk=certificate_id).update(
            render_attempts=F("render_attempts") + 1
        )
        attempts = certificate.render_attempts + 1
        logger.exception(
            "Rendering certificate %s failed (attempt %s)", certificate.number, attempts
        )
        backend = certificate_render.get_backend()
        if attempts < settings.CERTIFICATE_RENDER_ATTEMPTS and backend.supports_defer:
            delay = datetime.timedelta(minutes=2 ** (attempts - 1))
            certificate_render.using(run_after=timezone.now() + delay).enqueue(certificate_id)
        raise
