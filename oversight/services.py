"""Oversight reviews: opened with a frozen snapshot of the figures, written while a draft,
signed off once. One function per verb, each one transaction, each audited."""

from django.db import transaction
from django.utils import timezone

from audit.services import audit_record
from imh_courses.exceptions import DomainError, TransitionError
from oversight.choices import ActionStatus, ReviewState
from oversight.figures import Scope, dashboard_snapshot
from oversight.models import OversightReview, ReviewAction, ReviewComment
from oversight.rules import may_comment_on_reviews, may_write_review


class NotAllowed(DomainError):
    pass


@transaction.atomic
def review_open(*, actor, kind, title, meeting_date, attendees="", scope=None):
    """Open a review as a draft, freezing the figures of its scope."""
    _require_writer(actor, kind)
    scope = scope or Scope()
    review = OversightReview.objects.create(
        kind=kind,
        title=title.strip(),
        module=scope.module,
        cohort=scope.cohort,
        financial_year=scope.financial_year,
        quarter=scope.quarter if scope.financial_year else None,
        meeting_date=meeting_date,
        attendees=attendees.strip(),
        snapshot=dashboard_snapshot(scope),
        created_by=actor,
    )
    audit_record(actor=actor, action="review.open", target=review)
    return review


@transaction.atomic
def review_update(*, review, actor, findings, decisions, attendees):
    """Write a draft's findings, decisions and attendees."""
    _require_writer(actor, review.kind)
    review = _draft_locked(review)
    before = {"findings": review.findings, "decisions": review.decisions}
    review.findings, review.decisions = findings.strip(), decisions.strip()
    review.attendees = attendees.strip()
    review.save(update_fields=["findings", "decisions", "attendees"])
    changes = {k: [v, getattr(review, k)] for k, v in before.items() if v != getattr(review, k)}
    audit_record(actor=actor, action="review.update", target=review, changes=changes)
    return review


@transaction.atomic
def review_action_add(*, review, actor, description, owner, due_date):
    _require_writer(actor, review.kind)
    review = _draft_locked(review)
    if not description.strip() or not owner.strip():
        raise DomainError("Say what is to be done and who will do it.")
    action = ReviewAction.objects.create(
        review=review, description=description.strip(), owner=owner.strip(), due_date=due_date
    )
    audit_record(actor=actor, action="review.action_add", target=review, reason=action.description)
    return action


@transaction.atomic
def review_action_complete(*, action, actor):
    """Mark an action done (also after sign-off: the action log follows it to the end)."""
    action = ReviewAction.objects.select_for_update().select_related("review").get(pk=action.pk)
    _require_writer(actor, action.review.kind)
    if action.status == ActionStatus.DONE:
        raise TransitionError("This action is done already.")
    action.status = ActionStatus.DONE
    action.completed_at = timezone.now()
    action.save(update_fields=["status", "completed_at"])
    audit_record(
        actor=actor,
        action="review.action_done",
        target=action.review,
        reason=action.description,
    )
    return action


@transaction.atomic
def review_comment_add(*, review, author, text):
    """KPOG members and the Quality Lead comment on a draft."""
    if not may_comment_on_reviews(author):
        raise NotAllowed("Only KPOG members and the Quality Lead comment on reviews.")
    review = _draft_locked(review)
    if not text.strip():
        raise DomainError("Write a comment.")
    return ReviewComment.objects.create(review=review, author=author, text=text.strip())


@transaction.atomic
def review_sign_off(*, review, actor):
    """Draft -> signed off (by the Quality Lead, or the KPOG chair for a committee review):
    from now on nothing in the review changes."""
    _require_writer(actor, review.kind)
    review = _draft_locked(review)
    review.state = ReviewState.SIGNED_OFF
    review.signed_off_by = actor
    review.signed_off_at = timezone.now()
    review.save(update_fields=["state", "signed_off_by", "signed_off_at"])
    audit_record(
        actor=actor,
        action="review.sign_off",
        target=review,
        changes={"state": [ReviewState.DRAFT, ReviewState.SIGNED_OFF]},
    )
    return review


def _require_writer(user, kind):
    if not may_write_review(user, kind):
        raise NotAllowed(
            "Only the Quality Lead, or the KPOG chair for a committee review, does this."
        )


def _draft_locked(review):
    review = OversightReview.objects.select_for_update().get(pk=review.pk)
    if review.is_signed_off:
        raise TransitionError("This review is signed off: it can no longer change.")
    return review
