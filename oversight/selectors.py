import datetime

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from modules.choices import CohortStatus
from modules.models import Cohort, Module
from oversight.choices import ActionStatus, ReviewKind, ReviewState
from oversight.models import OversightReview, ReviewAction, ReviewComment
from oversight.rules import may_write_review

ACTIONS_DUE_SOON_DAYS = 7


def programme_summary():
    """Counts for the top of the oversight dashboard, in two aggregate queries."""
    cohorts = Cohort.objects.aggregate(
        **{status.value: Count("id", filter=Q(status=status)) for status in CohortStatus}
    )
    return {
        "active_modules": Module.objects.filter(is_active=True).count(),
        "cohorts_by_status": [(status.label, cohorts[status.value]) for status in CohortStatus],
    }


def review_action_list_open(*, due=""):
    """Open actions, soonest due first: all, or those `due` "overdue" or "soon" (within
    ACTIONS_DUE_SOON_DAYS days, today included)."""
    today = timezone.localdate()
    actions = ReviewAction.objects.filter(status=ActionStatus.OPEN).select_related("review")
    if due == "overdue":
        return actions.filter(due_date__lt=today)
    if due == "soon":
        soon = today + datetime.timedelta(days=ACTIONS_DUE_SOON_DAYS)
        return actions.filter(due_date__gte=today, due_date__lte=soon)
    return actions


def review_list(*, viewer, show=""):
    """Reviews, most recent meeting first: all, or those in draft ("draft"), the committee's
    drafts the viewer has not commented on ("to_comment"), or the drafts the viewer may sign
    off ("to_sign_off", as may_write_review says: every one for the Quality Lead, the
    committee's for its chair)."""
    reviews = OversightReview.objects.select_related("module", "cohort", "created_by")
    drafts = reviews.filter(state=ReviewState.DRAFT)
    if show == "draft":
        return drafts
    if show == "to_comment":
        commented = ReviewComment.objects.filter(review=OuterRef("pk"), author=viewer)
        return drafts.filter(kind=ReviewKind.KPOG).exclude(Exists(commented))
    if show == "to_sign_off":
        kinds = [kind for kind in ReviewKind if may_write_review(viewer, kind)]
        return drafts.filter(kind__in=kinds)
    return reviews
