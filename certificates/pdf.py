"""Certificate PDFs: WeasyPrint with a fetcher that can reach nothing but our own static files,
then a PAdES signature with the IMH key (pyHanko)."""

import asyncio
import concurrent.futures
import io
import threading
from urllib import request

import segno
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from certificates.signing import signer_load

STATIC_SCHEME = "static:"
# Room for the CMS signature: an RSA-2048 or EC signature with its certificate needs about
# 2 KB; more, for a longer certificate chain.
SIGNATURE_BYTES_RESERVED = 16 * 1024
# The only files a certificate may load. Anything else, from any scheme, is refused.
ALLOWED_STATIC_FILES = {
    "certificates/certificate.css": "text/css",
    "certificates/imh-seal.svg": "image/svg+xml",
    "fonts/DejaVuSerif.ttf": "font/ttf",
    "fonts/DejaVuSerif-Bold.ttf": "font/ttf",
    "fonts/DejaVuSans.ttf": "font/ttf",
}


class StaticOnlyURLFetcher(URLFetcher):
    """Serves `static:<path>` for the allow-listed files; raises for every other URL (no file:,
    http:, data: or redirects), so user text that became markup could fetch nothing."""

    def __init__(self):
        # Not URLFetcher.__init__: its HTTP(S) handlers, never used here, cost an SSL context
        # (about 25 ms) for every document.
        request.OpenerDirector.__init__(self)
        self._fail_on_errors = False
        self.refused = []

    def fetch(self, url, headers=None):
        path = url.removeprefix(STATIC_SCHEME) if url.startswith(STATIC_SCHEME) else None
        if path not in ALLOWED_STATIC_FILES:
            self.refused.append(url)
            raise ValueError(f"Certificates may not load {url!r}.")
        with open(finders.find(path), "rb") as file:
            body = file.read()
        return URLFetcherResponse(url, body, {"Content-Type": ALLOWED_STATIC_FILES[path]})


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


def pdf_render(html, *, stylesheet="certificates/certificate.css", fetcher=None):
    """HTML to PDF bytes through the safe fetcher, styled by one of our static stylesheets."""
    fetcher = fetcher or StaticOnlyURLFetcher()
    css, font_config = _stylesheet(stylesheet)
    return HTML(string=html, base_url=None, url_fetcher=fetcher).write_pdf(
        stylesheets=[css], font_config=font_config
    )


_per_thread = threading.local()


def _stylesheet(path):
    """A stylesheet and its fonts, parsed once per thread: loading the fonts is most of what a
    render costs. Per thread, because WeasyPrint objects are not made to be shared between
    threads. A changed stylesheet is read again when the process restarts."""
    cache = _per_thread.__dict__.setdefault("stylesheets", {})
    if path not in cache:
        font_config = FontConfiguration()
        css = CSS(
            url=STATIC_SCHEME + path, url_fetcher=StaticOnlyURLFetcher(), font_config=font_config
        )
        cache[path] = (css, font_config)
    return cache[path]


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
    return pdf_sign(pdf_render(certificate_html(certificate)))
