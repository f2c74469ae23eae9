"""HTML to PDF with WeasyPrint, through a fetcher that can reach nothing but our own
allow-listed static files, within a time limit: certificates, review packs, record packs and
report summaries all render here."""

import threading
from urllib import request

from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from imh_courses.child_process import ChildStopped, run_in_child

STATIC_SCHEME = "static:"
# The only files our PDFs may load. Anything else, from any scheme, is refused.
ALLOWED_STATIC_FILES = {
    "certificates/certificate.css": "text/css",
    "pdf/summary.css": "text/css",
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
            raise ValueError(f"Our PDFs may not load {url!r}.")
        with open(finders.find(path), "rb") as file:
            body = file.read()
        return URLFetcherResponse(url, body, {"Content-Type": ALLOWED_STATIC_FILES[path]})


class PdfRenderStopped(ChildStopped):
    """A render took longer than PDF_RENDER_SECONDS (or more memory than it may) and was
    stopped. Any other failure of the renderer is raised as it is: a bug to see."""


def pdf_render(html, *, stylesheet, fetcher=None):
    """HTML to PDF bytes through the safe fetcher, styled by one of our static stylesheets.

    The render runs in a child process, stopped when PDF_RENDER_SECONDS are up (raising
    PdfRenderStopped): no document, however large, holds a web or task worker for longer.
    With a `fetcher` (a test reading what it refused) it renders in this process instead.
    """
    if fetcher is not None:
        return _render(html, stylesheet, fetcher)
    seconds = settings.PDF_RENDER_SECONDS
    try:
        return run_in_child(_render, html, stylesheet, None, seconds=seconds)
    except ChildStopped:
        raise PdfRenderStopped(f"The PDF took longer than {seconds:g} seconds to make.") from None


def _render(html, stylesheet, fetcher):
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
