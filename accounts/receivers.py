"""Signal receivers: each only hands over to a service."""

from accounts.services import login_failure_record


def login_failed(sender, credentials, request=None, **kwargs):
    ip_address = None
    if request is not None:
        # django-axes has worked out the client's address (behind proxies too) by now.
        ip_address = getattr(request, "axes_ip_address", None) or request.META.get("REMOTE_ADDR")
    login_failure_record(email=credentials.get("username"), ip_address=ip_address)
