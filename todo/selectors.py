"""What waits for each member of staff: one line per kind of work, with how many and a link to
exactly those items, the most urgent first. Each count is one query whatever the data, so the
home page costs the same with ten scripts as with a hundred thousand."""

from dataclasses import dataclass

from django.urls import reverse

from accounts.choices import Role
from assessment.choices import ExtensionState, ModerationState, SubmissionState
from assessment.models import Extension, Moderation, Submission
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
from oversight.selectors import review_action_list_open, review_list

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
    if user.has_role(Role.QUALITY_LEAD):
        lines += _quality_lead_lines(user)
    if user.has_role(Role.KPOG_CHAIR) or user.has_role(Role.KPOG_MEMBER):
        lines += _committee_lines(user)
    # Two roles' lines to one list once, counted as the later (wider) role sees it.
    once = {line.url: line for line in lines}.values()
    return sorted(once, key=lambda line: line.urgency)


def _link(url_name, query):
    return f"{reverse(url_name)}?{query}"


def _tutor_lines(user):
    own = Submission.objects.filter(marker=user)
    registers = taught_day_filter_register_to_take(taught_day_list(viewer=user))
    moderations = moderation_list(viewer=user).filter(state=ModerationState.PENDING)
    return [
        TodoLine(
            "Your scripts to mark, marking overdue",
            submission_filter_overdue(own, overdue=True).count(),
            _link("admin:assessment_submission_changelist", "allocation=mine&overdue=yes"),
            OVERDUE,
        ),
        TodoLine(
            "Your scripts to mark, due in 3 working days",
            submission_filter_marking_due_soon(own).count(),
            _link("admin:assessment_submission_changelist", "allocation=mine&overdue=soon"),
            SOON,
        ),
        TodoLine(
            "All your scripts still to mark",
            submission_filter_awaiting_marks(own).count(),
            _link("admin:assessment_submission_changelist", "allocation=mine"),
        ),
        TodoLine(
            "Registers to take for days gone by",
            registers.count(),
            _link("admin:enrolment_attendance_registers", "to_take=1"),
            OVERDUE,
        ),
        TodoLine(
            "Scripts to moderate",
            moderations.count(),
            _link("admin:assessment_moderation_changelist", "state__exact=pending"),
        ),
    ]


def _course_administrator_lines():
    submissions = Submission.objects.all()
    return [
        TodoLine(
            "Certificates whose PDF failed",
            certificate_filter_pdf_failed(Certificate.objects.all()).count(),
            _link("admin:certificates_certificate_changelist", "pdf=failed"),
            OVERDUE,
        ),
        TodoLine(
            "Extension requests to decide",
            Extension.objects.filter(state=ExtensionState.REQUESTED).count(),
            _link("admin:assessment_extension_changelist", "state__exact=requested"),
            SOON,
        ),
        TodoLine(
            "Scripts with no marker",
            submission_filter_without_marker(submissions).count(),
            _link("admin:assessment_submission_changelist", "queue=all&allocation=none"),
            SOON,
        ),
        TodoLine(
            "Applications to decide",
            Enrolment.objects.filter(state=EnrolmentState.APPLIED).count(),
            _link("admin:enrolment_enrolment_changelist", "state__exact=applied"),
        ),
        TodoLine(
            "Waiting lists with places free",
            cohort_filter_waiting_with_free_places(Cohort.objects.all()).count(),
            _link("admin:modules_cohort_changelist", "waiting=free_places"),
        ),
        TodoLine(
            "Marks to approve for release",
            submissions.filter(state=SubmissionState.MARKED).count(),
            _link("admin:assessment_submission_changelist", "queue=all&state__exact=marked"),
        ),
        TodoLine(
            "Marks approved, to release",
            submissions.filter(state=SubmissionState.READY_FOR_RELEASE).count(),
            _link("admin:assessment_submission_changelist", "queue=all&state__exact=ready"),
        ),
    ]


def _quality_lead_lines(user):
    moderations = Moderation.objects.all()
    return [
        TodoLine(
            "Review actions overdue",
            review_action_list_open(due="overdue").count(),
            _link("oversight:action_log", "due=overdue"),
            OVERDUE,
        ),
        TodoLine(
            "Review actions due in 7 days",
            review_action_list_open(due="soon").count(),
            _link("oversight:action_log", "due=soon"),
            SOON,
        ),
        TodoLine(
            "Moderation disagreements to resolve",
            moderations.filter(state=ModerationState.DISAGREED).count(),
            _link("admin:assessment_moderation_changelist", "state__exact=disagreed"),
            SOON,
        ),
        TodoLine(
            "Sampled scripts still to moderate",
            moderations.filter(state=ModerationState.PENDING).count(),
            _link("admin:assessment_moderation_changelist", "state__exact=pending"),
        ),
        TodoLine(
            "Reviews in draft",
            review_list(viewer=user, show="draft").count(),
            _link("oversight:review_list", "show=draft"),
        ),
    ]


def _committee_lines(user):
    lines = [
        TodoLine(
            "Committee drafts awaiting your comment",
            review_list(viewer=user, show="to_comment").count(),
            _link("oversight:review_list", "show=to_comment"),
        )
    ]
    if user.has_role(Role.KPOG_CHAIR):
        lines.append(
            TodoLine(
                "Drafts you may sign off",
                review_list(viewer=user, show="to_sign_off").count(),
                _link("oversight:review_list", "show=to_sign_off"),
            )
        )
    return lines
