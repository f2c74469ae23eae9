import rules

from accounts.rules import is_course_administrator, is_quality_lead, is_student


@rules.predicate
def is_own_certificate(user, certificate):
    return certificate is not None and certificate.enrolment.student_id == user.pk


rules.add_perm(
    "certificates.download_certificate",
    (is_student & is_own_certificate) | is_course_administrator | is_quality_lead,
)
