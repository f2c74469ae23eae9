"""Demo submissions for `seed_demo`: scripts in each marking state, feedback released, a referral.

Like the enrolment demo, it writes a history directly; the portal's own changes go through
assessment.services.
"""

import hashlib
from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from assessment.choices import Outcome, SubmissionState
from assessment.models import Submission
from assessment.timeline import enrolment_timeline, marking_due_date, resubmission_deadline
from enrolment.choices import ATTENDED_STATUSES, EnrolmentState
from enrolment.models import Enrolment
from imh_courses.working_days import working_days_between
from modules.choices import CohortStatus
from seeding.demo_files import pdf_with_text

St = SubmissionState

ESSAY = (
    "Case formulation: working with Ms A (a pseudonym)\n"
    "Ms A is a woman in her thirties who has spent much of her adult life in custody.\n"
    "This reflection considers how relationships, trauma and gender shape her behaviour,\n"
    "and what a relational approach asks of the staff who work with her."
)
FEEDBACK = {
    "pass": "A thoughtful formulation that links Ms A's history to her current relationships. "
    "Your reflection on your own responses is honest and well supported by the reading.",
    "refer": "The description of Ms A is clear, but the formulation does not yet explain her "
    "behaviour: link it to the relational and gender-informed ideas from the taught days, and "
    "reflect on your own practice. Resubmit within the window.",
    "fail": "The assignment describes events but offers no formulation or reflection, and it "
    "names a real establishment. It does not meet the learning outcomes.",
}

# For learners in running cohorts, by their place in the class list: how far they have got.
RUNNING_COHORT_STATES = [
    St.NOT_MARKED,
    St.IN_MARKING,
    St.MARKED,
    St.READY_FOR_RELEASE,
    St.NOT_MARKED,
    St.DRAFT,
]


def seed_submissions(people):
    """Create or refresh the demo submissions; returns how many there are."""
    count = 0
    for enrolment in Enrolment.objects.select_related("cohort", "student").order_by("pk"):
        for attempt, state, outcome in _plan(enrolment, people):
            _submission(enrolment, attempt, state, outcome)
            count += 1
    return count


def _plan(enrolment, people):
    """[(attempt, state, outcome)] for one enrolment."""
    email = enrolment.student.email
    if email == "student@example.org" and enrolment.state == EnrolmentState.ENROLLED:
        return [(1, St.NOT_MARKED, "")]
    if email == "student2@example.org" and enrolment.state == EnrolmentState.ENROLLED:
        return [(1, St.RELEASED, Outcome.REFER)]
    if enrolment.state == EnrolmentState.COMPLETED:
        return [(1, St.RELEASED, Outcome.PASS)]
    if enrolment.state == EnrolmentState.NOT_PASSED:
        return [(1, St.RELEASED, Outcome.FAIL)]
    if enrolment.state == EnrolmentState.ENROLLED and _missed_a_taught_day(enrolment):
        # Passed, the certificate waiting for a catch-up to be recorded in the register.
        return [(1, St.RELEASED, Outcome.PASS)]
    if (
        enrolment.state == EnrolmentState.ENROLLED
        and enrolment.cohort.status == CohortStatus.RUNNING
    ):
        state = RUNNING_COHORT_STATES[enrolment.pk % len(RUNNING_COHORT_STATES)]
        outcome = Outcome.PASS if state in (St.IN_MARKING, St.MARKED, St.READY_FOR_RELEASE) else ""
        return [(1, state, outcome)]
    return []


def _missed_a_taught_day(enrolment):
    """Whether the learner's course is taught and its register records a day not attended."""
    timeline = enrolment_timeline(enrolment=enrolment)
    missed = enrolment.attendance.exclude(status__in=ATTENDED_STATUSES).exists()
    return timeline.course_taught and missed


def _submission(enrolment, attempt, state, outcome):
    data = pdf_with_text(ESSAY)
    submission, created = Submission.objects.get_or_create(
        enrolment=enrolment,
        attempt=attempt,
        defaults={
            "kind": "pdf",
            "filename": "case-formulation.pdf",
            "file_size": len(data),
            "sha256": hashlib.sha256(data).hexdigest(),
            "word_count": len(ESSAY.split()),
        },
    )
    if created:
        submission.file.save("case-formulation.pdf", ContentFile(data), save=False)
    cohort = enrolment.cohort
    released = state == St.RELEASED
    latest = min(cohort.assignment_deadline, timezone.now())
    submitted_at = None
    if state != St.DRAFT:
        submitted_at = latest - timedelta(days=30 if released else 3)
    submission.state = state
    submission.submitted_at = submitted_at
    submission.declared_own_work = submission.declared_pseudonymised = state != St.DRAFT
    submission.marking_due = marking_due_date(submitted_at=submitted_at) if submitted_at else None
    submission.marker = cohort.tutors.first() if submitted_at else None
    submission.outcome = outcome
    submission.feedback = FEEDBACK.get(outcome, "")
    submission.marked_at = submitted_at + timedelta(days=10) if outcome else None
    submission.marking_working_days = (
        working_days_between(
            timezone.localdate(submitted_at), timezone.localdate(submission.marked_at)
        )
        if submission.marked_at and state != St.IN_MARKING
        else None
    )
    submission.released_at = submitted_at + timedelta(days=21) if released else None
    submission.resubmission_deadline = (
        resubmission_deadline(cohort=cohort, released_at=submission.released_at)
        if released and outcome == Outcome.REFER
        else None
    )
    submission.save()
