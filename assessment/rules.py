import rules

from accounts.rules import is_course_administrator, is_quality_lead, is_student, is_tutor
from assessment.choices import SubmissionState
from enrolment.rules import is_tutor_of_cohort


@rules.predicate
def is_allocated_tutor(user, submission):
    """The script's marker, or a tutor of its cohort."""
    if submission is None or not is_tutor(user):
        return False
    return submission.marker_id == user.pk or is_tutor_of_cohort(user, submission.enrolment.cohort)


@rules.predicate
def is_own_submission(user, submission):
    return submission is not None and submission.enrolment.student_id == user.pk


@rules.predicate
def is_released(user, submission):
    return submission is not None and submission.state == SubmissionState.RELEASED


@rules.predicate
def is_submitted(user, submission):
    return submission is not None and submission.state != SubmissionState.DRAFT


# Staff see a script once it is submitted; a draft is the student's alone.
may_see_scripts = is_submitted & (is_allocated_tutor | is_course_administrator | is_quality_lead)

rules.add_perm("assessment.view_own_assignment", is_student)
rules.add_perm("assessment.fetch_script", (is_student & is_own_submission) | may_see_scripts)
rules.add_perm(
    "assessment.fetch_feedback_file",
    (is_student & is_own_submission & is_released) | may_see_scripts,
)
rules.add_perm("assessment.mark_submission", is_allocated_tutor)
