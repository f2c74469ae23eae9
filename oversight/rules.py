import rules

from accounts.choices import Role
from accounts.rules import is_oversight_viewer
from enrolment.rules import is_tutor_of_cohort


@rules.predicate
def may_moderate(user, moderation):
    """The Quality Lead, or a tutor of the script's cohort; never the script's first marker."""
    submission = moderation.submission
    if submission.marker_id == user.pk:
        return False
    if user.has_role(Role.QUALITY_LEAD):
        return True
    return user.has_role(Role.TUTOR) and is_tutor_of_cohort(user, submission.enrolment.cohort)


rules.add_perm("oversight.view_dashboard", is_oversight_viewer)
