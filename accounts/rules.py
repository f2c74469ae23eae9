"""Who holds which role. Other apps combine these predicates into their permissions."""

import rules

from accounts.choices import Role


def _has_role(role):
    @rules.predicate(name=f"has_role_{role.name.lower()}")
    def predicate(user):
        return user.is_authenticated and user.has_role(role)

    return predicate


is_student = _has_role(Role.STUDENT)
is_tutor = _has_role(Role.TUTOR)
is_course_administrator = _has_role(Role.COURSE_ADMINISTRATOR)
is_quality_lead = _has_role(Role.QUALITY_LEAD)
is_kpog_member = _has_role(Role.KPOG_MEMBER)
is_kpog_chair = _has_role(Role.KPOG_CHAIR)
is_commissioner = _has_role(Role.COMMISSIONER)

is_oversight_viewer = is_course_administrator | is_quality_lead | is_kpog_member | is_kpog_chair
# Sees every cohort's enrolments, scripts and registers (tutors see only their own cohorts').
sees_every_cohort = rules.is_superuser | is_course_administrator | is_quality_lead
is_report_viewer = is_oversight_viewer | is_commissioner
# Staff see criminal-offence and special-category data: they sign in with a second factor.
# So do superusers and anyone who may use the admin site, whatever their roles.
needs_second_factor = (
    is_tutor | is_oversight_viewer | is_commissioner | rules.is_superuser | rules.is_staff
)
rules.add_perm("accounts.reset_second_factor", rules.is_superuser | is_course_administrator)
