"""Writes of the reports app: the record of a download, a subscription started or stopped."""

from django.db import transaction

from audit.services import audit_record
from reports.models import ReportDownload, ReportSubscription


@transaction.atomic
def report_download_record(*, user, report, file_format, filters, rows):
    """Record who downloaded which report, in which format, with which filters, and how many
    rows it held; the audit trail says so too, so one search finds every download."""
    download = ReportDownload.objects.create(
        user=user, report=report.slug, format=file_format, filters=filters, rows=rows
    )
    audit_record(
        actor=user,
        action="report.download",
        target=download,
        target_label=f"{report.title} ({file_format.upper()}, {rows} rows)",
        changes={"filters": [None, filters]} if filters else None,
    )
    return download


@transaction.atomic
def report_subscription_toggle(*, user, report):
    """Start the monthly email of `report` for `user`, or stop it; returns whether it is on."""
    deleted, _ = ReportSubscription.objects.filter(user=user, report=report.slug).delete()
    if deleted:
        return False
    ReportSubscription.objects.create(user=user, report=report.slug)
    return True
