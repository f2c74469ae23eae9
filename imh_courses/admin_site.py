"""The portal's admin site: Django's, with every changelist (ours and the libraries') refusing a
query string it cannot use instead of failing with a 500."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList


class GuardedChangeList(ChangeList):
    """Django turns a date that does not exist (?at__month=13) into "incorrect lookup
    parameters", but a year too large for a date (?at__year=999999999999) overflows first."""

    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except OverflowError as error:
            raise IncorrectLookupParameters(error) from error


class GuardedChangeListMixin:
    def get_changelist(self, request, **kwargs):
        return GuardedChangeList


# Libraries' models whose admin would show secrets (authenticator keys and their QR codes,
# recovery codes, passkey credentials): never registered. Second factors are reset with the
# action on Users.
NOT_IN_ADMIN = {
    "otp_totp.totpdevice",
    "otp_static.staticdevice",
    "django_otp_webauthn.webauthncredential",
    "django_otp_webauthn.webauthnattestation",
}


class PortalAdminSite(admin.AdminSite):
    site_header = "IMH KUF courses: administration"
    site_title = "IMH KUF courses"
    index_title = "Courses, marking and certificates"
    # The changelists are wide tables (cohort places, marking queues): the whole width for them.
    enable_nav_sidebar = False

    def register(self, model_or_iterable, admin_class=None, **options):
        """Every ModelAdmin registered, ours or a library's, gets the guarded changelist; the
        models in NOT_IN_ADMIN are left out."""
        models = [model_or_iterable] if isinstance(model_or_iterable, type) else model_or_iterable
        models = [model for model in models if model._meta.label_lower not in NOT_IN_ADMIN]
        if not models:
            return
        admin_class = admin_class or admin.ModelAdmin
        guarded = type(admin_class.__name__, (GuardedChangeListMixin, admin_class), {})
        guarded.__module__ = admin_class.__module__
        super().register(models, guarded, **options)


class PortalAdminConfig(AdminConfig):
    default_site = "imh_courses.admin_site.PortalAdminSite"
