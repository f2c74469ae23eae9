"""Signal receivers: each only hands over to a service."""

from accounts.middleware import enrolled_in_session
from accounts.services import login_failure_record
from imh_courses.client_address import client_address


def login_failed(sender, credentials, request=None, **kwargs):
    ip_address = None
    if request is not None:
        ip_address = client_address(request)
    login_failure_record(email=credentials.get("username"), ip_address=ip_address)


def logged_in(sender, request, user, **kwargs):
    """Whether the person must take a second step is looked up as they sign in, once."""
    if request is not None and hasattr(request, "session"):
        enrolled_in_session(request, user)
