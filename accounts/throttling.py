"""Sign-in throttling, on django-axes.

Failures count against the email address, in whatever case it was typed: AXES_FAILURE_LIMIT of
them pause signing in to that address for AXES_COOLOFF_TIME. Failures also count against the
client across every address (password spraying): SIGN_IN_CLIENT_FAILURE_LIMIT of them in the
same time pause signing in from that client. That ceiling is much higher than one address's
limit, as prisons and NHS trusts send many people through one outgoing address. A person
locked out can still sign in through a one-time link emailed to them (accounts.views).
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone

from accounts.models import User
from imh_courses.client_address import client_address


def sign_in_username(request, credentials):
    """The address failures are counted against: normalised, so every case variant of it
    shares one count (AXES_USERNAME_CALLABLE)."""
    field = settings.AXES_USERNAME_FORM_FIELD
    username = (credentials or {}).get(field) or request.POST.get(field, "")
    return User.objects.normalize_email(username)


def client_failures(ip_address):
    """Failed sign-ins from `ip_address`, to any address, within the cool-off time."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    return AccessAttempt.objects.filter(ip_address=ip_address, attempt_time__gte=since).aggregate(
        failures=Sum("failures_since_start", default=0)
    )["failures"]


class SignInThrottle(AxesDatabaseHandler):
    """axes' database handler, with the per-client ceiling added to its per-address lock."""

    def is_locked(self, request, credentials=None):
        if super().is_locked(request, credentials):
            return True
        ip_address = getattr(request, "axes_ip_address", None) or client_address(request)
        return client_failures(ip_address) >= settings.SIGN_IN_CLIENT_FAILURE_LIMIT
