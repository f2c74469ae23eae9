import rules

from accounts.rules import is_course_administrator, sees_every_cohort

# Subject access for someone else and erasure: course administrators (and superusers).
rules.add_perm("privacy.export_personal_data", rules.is_superuser | is_course_administrator)
rules.add_perm("privacy.erase_account", rules.is_superuser | is_course_administrator)
# The record pack of an enrolment, for appeals and complaints.
rules.add_perm("privacy.produce_record_pack", sees_every_cohort)
