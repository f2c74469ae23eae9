import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

from imh_courses.child_process import ChildStopped
from imh_courses.storage import StorageUnavailable

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 10


class ServiceUnavailableMiddleware:
    """A request that finds the database gone (a restart, a failover), file storage that
    cannot take a file (full, not writable) or a PDF that took too long to make gets 503 with
    Retry-After, not 500: the load balancer and the person both know to try again shortly, and
    that nothing was half-saved.
    The page is rendered without the request, as its context processors need the database."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, StorageUnavailable):
            logger.error("File storage refused a file: %s", exception)
            page = "503_storage.html"
        elif isinstance(exception, ChildStopped):  # a PDF render or a blind copy
            logger.error("A PDF or a file was not made in time: %s", exception)
            page = "503_document.html"
        elif isinstance(exception, (OperationalError, InterfaceError)):
            logger.warning("The database did not answer: %s", exception)
            page = "503.html"
        else:
            return None
        response = HttpResponse(render_to_string(page), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
