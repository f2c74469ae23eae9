"""Writes of the reports app: the record of a download, a subscription started or stopped,
the monthly emails sent."""

import datetime
import logging

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from audit.services import audit_record
from enrolment.selectors import enrolment_changed_since
from imh_courses.mail import send_templated_email
from imh_courses.periods import financial_year_of
from reports.filters import ReportFilterForm
from reports.models import ReportDownload, ReportSubscription
from reports.reports import REPORTS
from reports.selectors import report_regions

logger = logging.getLogger(__name__)


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


# A subscriber gets at most one email in this time, however often the command runs.
MINIMUM_GAP = datetime.timedelta(days=25)


def scheduled_reports_send(*, now=None):
    """Monthly report emails: a link to the report (never figures or names) for each subscriber
    whose report has rows and has changed since the last email. Returns counts of sent and
    skipped subscriptions by reason."""
    now = now or timezone.now()
    outcome = {"sent": 0, "not due": 0, "no new data": 0, "empty": 0}
    for subscription_id in ReportSubscription.objects.values_list("pk", flat=True):
        outcome[_send_one(subscription_id, now)] += 1
    return outcome


@transaction.atomic
def _send_one(subscription_id, now):
    """One subscription, locked so two runs at once cannot both send it."""
    subscription = (
        ReportSubscription.objects.select_for_update(skip_locked=True)
        .select_related("user")
        .filter(pk=subscription_id)
        .first()
    )
    if subscription is None or subscription.report not in REPORTS:
        return "not due"
    if subscription.last_sent_at and now - subscription.last_sent_at < MINIMUM_GAP:
        return "not due"
    user, report = subscription.user, REPORTS[subscription.report]
    form = ReportFilterForm({}, regions=report_regions(viewer=user))
    form.is_valid()
    if report.count(form) == 0:
        return "empty"
    if subscription.last_sent_at and not enrolment_changed_since(
        scope=form.enrolment_filter(), moment=subscription.last_sent_at
    ):
        return "no new data"
    subscription.last_sent_at = now
    subscription.save(update_fields=["last_sent_at"])
    year = financial_year_of(timezone.localdate(now))
    link = reverse("reports:report", args=[report.slug]) + f"?financial_year={year}"
    transaction.on_commit(
        lambda: send_templated_email(
            template_prefix="reports/email/monthly",
            to=user.email,
            context={"user": user, "report": report, "link": link},
        )
    )
    logger.info("Monthly report %s sent to user %s", report.slug, user.pk)
    return "sent"
