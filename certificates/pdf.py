"""Certificate PDFs: rendered by imh_courses.pdf (our own static files only), then given a
PAdES signature with the IMH key (pyHanko)."""

import asyncio
import concurrent.futures
import hashlib
import io

import segno
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers

from certificates.models import Certificate
from certificates.signing import signer_load
from imh_courses.pdf import pdf_render

CERTIFICATE_STYLESHEET = "certificates/certificate.css"

# Room for the CMS signature: an RSA-2048 or EC signature with its certificate needs about
# 2 KB; more, for a longer certificate chain.
SIGNATURE_BYTES_RESERVED = 16 * 1024


def verification_url(certificate):
    path = reverse("certificates:verify", kwargs={"code": certificate.verification_code})
    return settings.SITE_URL.rstrip("/") + path


def certificate_html(certificate):
    url = verification_url(certificate)
    # segno's SVG holds only the QR code's paths, made from our own URL: no user text in it.
    qr_svg = mark_safe(segno.make(url, error="m").svg_inline(scale=2, border=0, dark="#0b2545"))  # noqa: S308
    return render_to_string(
        "certificates/pdf/certificate.html",
        {
            "certificate": certificate,
            "verification_url": url,
            "qr_svg": qr_svg,
            "signatory_name": settings.CERTIFICATE_SIGNATORY_NAME,
            "signatory_title": settings.CERTIFICATE_SIGNATORY_TITLE,
        },
    )


def pdf_sign(data):
    """Add the IMH's PAdES signature to a PDF."""
    signer = signer_load()
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    metadata = signers.PdfSignatureMetadata(
        field_name="IMHSignature",
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason="IMH Certificate issued by the Institute of Mental Health",
        location="Nottingham",
    )

    async def sign():
        # Reserving room for the signature spares pyHanko a trial signature to measure it.
        return await signers.async_sign_pdf(
            writer, metadata, signer=signer, bytes_reserved=SIGNATURE_BYTES_RESERVED
        )

    return _run_coroutine(sign).getvalue()


def _run_coroutine(make_coroutine):
    """asyncio.run, also from a thread whose event loop is already running (an async server's,
    or Playwright's in the browser tests), where asyncio.run itself would refuse."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(make_coroutine())
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(make_coroutine())).result()


def certificate_pdf(certificate):
    return pdf_sign(pdf_render(certificate_html(certificate), stylesheet=CERTIFICATE_STYLESHEET))


def certificate_pdf_store(*, certificate):
    """Render and sign the PDF, then store it with its SHA-256 (the render runs outside any
    transaction: it takes a while). Returns the certificate with its PDF."""
    data = certificate_pdf(certificate)
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if certificate.pdf:
            return certificate  # another worker stored it meanwhile: keep one file, not two
        certificate.pdf.save(f"{certificate.number}.pdf", ContentFile(data), save=False)
        certificate.pdf_sha256 = hashlib.sha256(data).hexdigest()
        certificate.pdf_rendered_at = timezone.now()
        certificate.save(update_fields=["pdf", "pdf_sha256", "pdf_rendered_at"])
    return certificate
