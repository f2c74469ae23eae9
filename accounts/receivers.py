"""Signal receivers: each only hands over to a service."""

from accounts.middleware import enrolled_in_session
from accounts.services import login_failure_record


def login_failed(sender, credentials, request=None, **kwargs):
    ip_address = None
    if request is not None:
        # django-axes has worked out the client's address (behind proxies too) by now.
        ip_address = getattr(request, "axes_ip_address", None) or request.META.get("REMOTE_ADDR")
    login_failure_record(email=credentials.get("username"), ip_address=ip_address)


def logged_in(sender, request, user, **kwargs):
    """Whether the person must take a second step is looked up as they sign in, once."""
    if request is not None and hasattr(request, "session"):
        enrolled_in_session(request, user)
