from django.db.models import Count, Q

from modules.choices import CohortStatus
from modules.models import Cohort, Module
from oversight.choices import SETTLED_STATES
from oversight.models import Moderation, ModerationSample


def programme_summary():
    """Counts for the top of the oversight dashboard, in two aggregate queries."""
    cohorts = Cohort.objects.aggregate(
        **{status.value: Count("id", filter=Q(status=status)) for status in CohortStatus}
    )
    return {
        "active_modules": Module.objects.filter(is_active=True).count(),
        "cohorts_by_status": [(status.label, cohorts[status.value]) for status in CohortStatus],
    }


def moderation_blocking_reason(*, submission):
    """Why a marked script may not yet go for release, or None.

    Its cohort's sample for the attempt must be drawn, and every script in it moderated, with
    any disagreement resolved.
    """
    cohort_id, attempt = submission.enrolment.cohort_id, submission.attempt
    if not ModerationSample.objects.filter(cohort_id=cohort_id, attempt=attempt).exists():
        return "The cohort's moderation sample is drawn when all its scripts are marked."
    unsettled = (
        Moderation.objects.filter(sample__cohort_id=cohort_id, sample__attempt=attempt)
        .exclude(state__in=SETTLED_STATES)
        .count()
    )
    if unsettled:
        return f"Moderation of the cohort is not finished: {unsettled} scripts to settle."
    return None
