from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from imh_courses.downloads import zip_response
from privacy import services


@require_http_methods(["GET", "HEAD"])
def privacy_notice(request):
    # The periods come from the settings apply_retention uses, so the notice cannot drift.
    return render(
        request,
        "privacy/privacy_notice.html",
        {
            "scripts_years": _years(settings.RETENTION_SCRIPTS_DAYS),
            "equality_years": _years(settings.RETENTION_EQUALITY_DAYS),
            "accounts_years": _years(settings.RETENTION_ACCOUNTS_DAYS),
            "contact": settings.DATA_PROTECTION_CONTACT,
        },
    )


@require_http_methods(["GET", "HEAD"])
def accessibility_statement(request):
    return render(
        request,
        "privacy/accessibility_statement.html",
        {"contact": settings.DATA_PROTECTION_CONTACT},
    )


@require_http_methods(["GET", "HEAD"])
@login_required
def account(request):
    return render(request, "privacy/account.html", {"contact": settings.DATA_PROTECTION_CONTACT})


@require_http_methods(["GET", "HEAD"])
@login_required
def account_data(request):
    """The signed-in person's own data: there is no way to name anyone else's here."""
    entries = services.subject_access_export(person=request.user, actor=request.user)
    return zip_response(entries, filename=services.subject_access_filename(request.user))


def _years(days):
    """'1 year', '6 years' or, for a period that is not whole years, '90 days'."""
    years, rest = divmod(days, 365)
    if years and rest <= years // 4 + 1:  # leap days
        return f"{years} year{'s' if years != 1 else ''}"
    return f"{days} days"
