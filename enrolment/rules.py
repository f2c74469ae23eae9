import rules

from accounts.rules import is_course_administrator, is_student, is_tutor
from enrolment.choices import WITHDRAWABLE_STATES


@rules.predicate
def can_be_withdrawn(user, enrolment):
    return enrolment is not None and enrolment.state in WITHDRAWABLE_STATES


@rules.predicate
def is_tutor_of_cohort(user, cohort):
    return cohort is not None and cohort.tutors.filter(pk=user.pk).exists()


rules.add_perm("enrolment.view_own_dashboard", is_student)
rules.add_perm("enrolment.apply", is_student)
rules.add_perm("enrolment.take_register", is_course_administrator | (is_tutor & is_tutor_of_cohort))
