"""What waits for each member of staff: one line per kind of work, with how many and a link to
exactly those items, the most urgent first. Each count is one query whatever the data, so the
home page costs the same with ten scripts as with a hundred thousand."""

from dataclasses import dataclass

from django.urls import reverse

from accounts.choices import Role
from assessment.choices import ExtensionState, ModerationState, SubmissionState
from assessment.models import Extension, Submission
from assessment.selectors import (
    moderation_list,
    submission_filter_awaiting_marks,
    submission_filter_marking_due_soon,
    submission_filter_overdue,
    submission_filter_without_marker,
)
from certificates.models import Certificate
from certificates.selectors import certificate_filter_pdf_failed
from enrolment.choices import EnrolmentState
from enrolment.models import Enrolment
from enrolment.selectors import (
    cohort_filter_waiting_with_free_places,
    taught_day_filter_register_to_take,
)
from modules.models import Cohort
from modules.selectors import taught_day_list

OVERDUE, SOON, WAITING = 0, 1, 2  # urgency, most urgent first


@dataclass(frozen=True)
class TodoLine:
    label: str
    count: int
    url: str
    urgency: int = WAITING

    @property
    def overdue(self):
        return self.urgency == OVERDUE


def todo_lines(*, user):
    """The lines of every staff role the user has, most urgent first (then in role order)."""
    lines = []
    if user.has_role(Role.COURSE_ADMINISTRATOR):
        lines += _course_administrator_lines()
    if user.has_role(Role.TUTOR):
        lines += _tutor_lines(user)
    return sorted(lines, key=lambda line: line.urgency)


def _admin_url(name, query):
    return f"{reverse(f'admin:{name}')}?{query}"


def _tutor_lines(user):
    own = Submission.objects.filter(marker=user)
    registers = taught_day_filter_register_to_take(taught_day_list(viewer=user))
    moderations = moderation_list(viewer=user).filter(state=ModerationState.PENDING)
    return [
        TodoLine(
            "Your scripts to mark, marking overdue",
            submission_filter_overdue(own, overdue=True).count(),
            _admin_url("assessment_submission_changelist", "allocation=mine&overdue=yes"),
            OVERDUE,
        ),
        TodoLine(
            "Your scripts to mark, due in 3 working days",
            submission_filter_marking_due_soon(own).count(),
            _admin_url("assessment_submission_changelist", "allocation=mine&overdue=soon"),
            SOON,
        ),
        TodoLine(
            "All your scripts still to mark",
            submission_filter_awaiting_marks(own).count(),
            _admin_url("assessment_submission_changelist", "allocation=mine"),
        ),
        TodoLine(
            "Registers to take for days gone by",
            registers.count(),
            _admin_url("enrolment_attendance_registers", "to_take=1"),
            OVERDUE,
        ),
        TodoLine(
            "Scripts to moderate",
            moderations.count(),
            _admin_url("assessment_moderation_changelist", "state__exact=pending"),
        ),
    ]


def _course_administrator_lines():
    submissions = Submission.objects.all()
    return [
        TodoLine(
            "Certificates whose PDF failed",
            certificate_filter_pdf_failed(Certificate.objects.all()).count(),
            _admin_url("certificates_certificate_changelist", "pdf=failed"),
            OVERDUE,
        ),
        TodoLine(
            "Extension requests to decide",
            Extension.objects.filter(state=ExtensionState.REQUESTED).count(),
            _admin_url("assessment_extension_changelist", "state__exact=requested"),
            SOON,
        ),
        TodoLine(
            "Scripts with no marker",
            submission_filter_without_marker(submissions).count(),
            _admin_url("assessment_submission_changelist", "queue=all&allocation=none"),
            SOON,
        ),
        TodoLine(
            "Applications to decide",
            Enrolment.objects.filter(state=EnrolmentState.APPLIED).count(),
            _admin_url("enrolment_enrolment_changelist", "state__exact=applied"),
        ),
        TodoLine(
            "Waiting lists with places free",
            cohort_filter_waiting_with_free_places(Cohort.objects.all()).count(),
            _admin_url("modules_cohort_changelist", "waiting=free_places"),
        ),
        TodoLine(
            "Marks to approve for release",
            submissions.filter(state=SubmissionState.MARKED).count(),
            _admin_url("assessment_submission_changelist", "queue=all&state__exact=marked"),
        ),
        TodoLine(
            "Marks approved, to release",
            submissions.filter(state=SubmissionState.READY_FOR_RELEASE).count(),
            _admin_url("assessment_submission_changelist", "queue=all&state__exact=ready"),
        ),
    ]
