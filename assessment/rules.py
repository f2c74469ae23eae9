import rules

from accounts.choices import Role
from accounts.rules import (
    is_course_administrator,
    is_quality_lead,
    is_student,
    is_tutor,
    sees_every_cohort,
)
from assessment.choices import MARKABLE_STATES, ModerationState, SubmissionState
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


@rules.predicate
def is_markable(user, submission):
    return submission is not None and submission.state in MARKABLE_STATES


@rules.predicate
def is_blind_until_release(user, submission):
    """The script's cohort is blind-marked and its marks are not released yet."""
    return (
        submission is not None
        and submission.enrolment.cohort.blind_marking
        and submission.state != SubmissionState.RELEASED
    )


@rules.predicate
def may_moderate(user, moderation):
    """The Quality Lead, or a tutor of the script's cohort; never the script's first marker."""
    submission = moderation.submission
    if submission.marker_id == user.pk:
        return False
    if user.has_role(Role.QUALITY_LEAD):
        return True
    return user.has_role(Role.TUTOR) and is_tutor_of_cohort(user, submission.enrolment.cohort)


@rules.predicate
def is_moderation_pending(user, moderation):
    return moderation is not None and moderation.state == ModerationState.PENDING


# Blind marking: who may see the student's name (and anything that carries it) on a script.
# Every place that shows a script to staff asks this one rule.
may_see_student_name = sees_every_cohort | ~is_blind_until_release

# Staff see a script once it is submitted; a draft is the student's alone.
may_see_scripts = is_submitted & (is_allocated_tutor | is_course_administrator | is_quality_lead)

rules.add_perm("assessment.view_own_assignment", is_student)
rules.add_perm("assessment.fetch_script", (is_student & is_own_submission) | may_see_scripts)
rules.add_perm(
    "assessment.fetch_feedback_file",
    (is_student & is_own_submission & is_released) | may_see_scripts,
)
rules.add_perm("assessment.mark_submission", is_allocated_tutor & is_markable)
rules.add_perm("assessment.administer_marking", rules.is_superuser | is_course_administrator)
rules.add_perm("assessment.record_moderation", is_moderation_pending & may_moderate)
rules.add_perm(
    "assessment.resolve_moderation", rules.is_superuser | is_quality_lead | is_course_administrator
)
