"""Monthly report emails: a link to the report for each subscriber whose report has rows and
has changed since the last email."""

import datetime
import logging

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from enrolment.models import Enrolment
from imh_courses.mail import send_templated_email
from imh_courses.periods import financial_year_of
from reports.filters import ReportFilterForm
from reports.models import ReportSubscription
from reports.reports import REPORTS
from reports.selectors import report_regions

logger = logging.getLogger(__name__)

# A subscriber gets at most one email in this time, however often the command runs.
MINIMUM_GAP = datetime.timedelta(days=25)


def scheduled_reports_send(*, now=None):
    """Send what is due; returns counts of sent and skipped subscriptions by reason."""
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
    if subscription.last_sent_at and not _changed_since(form, subscription.last_sent_at):
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


def _changed_since(form, moment):
    """Whether any application in the subscriber's scope was made or changed state since."""
    return (
        Enrolment.objects.filter(form.enrolment_filter())
        .filter(Q(applied_at__gt=moment) | Q(state_changed_at__gt=moment))
        .exists()
    )
