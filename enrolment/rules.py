import rules

from accounts.rules import is_student

rules.add_perm("enrolment.view_own_dashboard", is_student)
