from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from accounts.rules import sees_every_cohort
from assessment.choices import (
    AWAITING_MARKS,
    MARKED_STATES,
    MODERATION_SETTLED_STATES,
    Outcome,
    SubmissionState,
)
from assessment.models import Moderation, ModerationSample, Submission
from assessment.timeline import enrolment_timeline
from enrolment.choices import PLACE_HOLDING_STATES
from enrolment.models import Enrolment
from imh_courses.working_days import add_working_days
from modules.models import Cohort


def word_limit_exceeded(*, submission, word_limit):
    """More words than the limit allows, tolerance included (None when it could not be counted)."""
    if submission.word_count is None:
        return False
    return submission.word_count > word_limit * (1 + settings.WORD_LIMIT_TOLERANCE)


def submission_list_for_enrolment(*, enrolment):
    return list(enrolment.submissions.order_by("attempt"))


def submission_filter_awaiting_marks(submissions):
    return submissions.filter(state__in=AWAITING_MARKS)


def submission_filter_overdue(submissions, *, overdue):
    """Scripts whose marking is overdue (`overdue=True`), or the others (see
    Submission.is_marking_overdue)."""
    late = Q(state__in=AWAITING_MARKS, marking_due__lt=timezone.localdate())
    return submissions.filter(late) if overdue else submissions.exclude(late)


def submission_filter_marking_due_soon(submissions, *, working_days=3):
    """Scripts still to mark whose marking is due today or within `working_days` working days."""
    today = timezone.localdate()
    return submissions.filter(
        state__in=AWAITING_MARKS,
        marking_due__gte=today,
        marking_due__lte=add_working_days(today, working_days),
    )


def submission_filter_without_marker(submissions):
    return submissions.filter(state__in=AWAITING_MARKS, marker__isnull=True)


def submission_list(*, viewer):
    """Submitted scripts the viewer may see: a tutor only their cohorts' and their own
    allocations; course administrators and the Quality Lead every one."""
    submissions = Submission.objects.exclude(state=SubmissionState.DRAFT)
    if sees_every_cohort(viewer):
        return submissions
    # A union of two index lookups (their own allocations, their cohorts' scripts), not an OR
    # over joins: the joins repeat rows or keep PostgreSQL from its indexes, and the scan that
    # is left over every script is most of the marking queue's time at scale.
    own_enrolments = Enrolment.objects.filter(
        cohort__in=Cohort.objects.filter(tutors=viewer).values("pk")
    ).values("pk")
    visible = (
        Submission.objects.filter(marker=viewer)
        .values("pk")
        .union(Submission.objects.filter(enrolment__in=own_enrolments).values("pk"))
    )
    return submissions.filter(pk__in=visible)


def moderation_list(*, viewer):
    """Moderations the viewer may see: every one for course administrators and the Quality
    Lead; a tutor those of their cohorts' scripts they did not mark themselves."""
    moderations = Moderation.objects.all()
    if sees_every_cohort(viewer):
        return moderations
    return moderations.filter(submission__enrolment__cohort__tutors=viewer).exclude(
        submission__marker=viewer
    )


def attempt_marking_complete(*, cohort, attempt):
    """Whether every student expected to hand in `attempt` of the cohort (all who hold a place
    for the first; those referred for the resubmission) has a marked script, or let its
    cut-off pass without one."""
    enrolments = (
        Enrolment.objects.filter(cohort=cohort, state__in=PLACE_HOLDING_STATES)
        .select_related("cohort")
        .prefetch_related("submissions", "extensions", "cohort__taught_days", "attendance")
    )
    now = timezone.now()
    for enrolment in enrolments:
        timeline = enrolment_timeline(enrolment=enrolment)
        if attempt not in timeline.deadlines:
            continue
        script = next((s for s in enrolment.submissions.all() if s.attempt == attempt), None)
        handed_in = script is not None and script.state != SubmissionState.DRAFT
        if handed_in and script.state not in MARKED_STATES:
            return False
        if not handed_in and now <= timeline.cutoffs[attempt]:
            return False
    return True


def release_preview(*, submissions):
    """What releasing `submissions` will do, as lines for the confirmation page: Passes (and
    of them the certificates issued now, or waiting for attendance), resubmission windows
    opened, courses closed as not passed, emails sent, scripts left as they are (not ready)."""
    ready = [s for s in submissions if s.state == SubmissionState.READY_FOR_RELEASE]
    passes = [s for s in ready if s.outcome == Outcome.PASS]
    certified = sum(1 for s in passes if _completes_with_release(s))
    reopened = sum(1 for s in ready if s.outcome == Outcome.REFER and s.attempt == 1)
    closed = len(ready) - len(passes) - reopened
    refused = len(submissions) - len(ready)
    lines = [
        f"Passes: {len(passes)} ({certified} completing the course with an IMH Certificate "
        f"issued now, {len(passes) - certified} waiting for attendance).",
        f"Referred on the first attempt, resubmission window opened: {reopened}.",
        f"Failed, or referred on the resubmission, course closed as not passed: {closed}.",
        f"Emails to students: {len(ready) + certified} (feedback to each, and each certificate).",
    ]
    if refused:
        lines.append(
            f"Not ready for release (not approved, or released already), left as they are: "
            f"{refused}."
        )
    return lines


def _completes_with_release(submission):
    timeline = enrolment_timeline(enrolment=submission.enrolment)
    return timeline.course_taught and timeline.attendance_met


def tutor_least_loaded(*, cohort):
    """The cohort's tutor with the fewest scripts still to mark, to allocate the next one to."""
    return (
        cohort.tutors.annotate(
            waiting=Count(
                "submissions_to_mark", filter=Q(submissions_to_mark__state__in=AWAITING_MARKS)
            )
        )
        .order_by("waiting", "pk")
        .first()
    )


def moderation_blocking_reason(*, submission):
    """Why a marked script may not yet go for release, or None.

    Its cohort's sample for the attempt must be drawn, and every script in it moderated, with
    any disagreement resolved.
    """
    cohort_id, attempt = submission.enrolment.cohort_id, submission.attempt
    if not ModerationSample.objects.filter(cohort_id=cohort_id, attempt=attempt).exists():
        return (
            "The cohort's moderation sample is drawn when every student's script of this "
            "attempt is marked, or their cut-off has passed without one."
        )
    unsettled = (
        Moderation.objects.filter(sample__cohort_id=cohort_id, sample__attempt=attempt)
        .exclude(state__in=MODERATION_SETTLED_STATES)
        .count()
    )
    if unsettled:
        return f"Moderation of the cohort is not finished: {unsettled} scripts to settle."
    return None
