"""Demo certificates for `seed_demo`: one for each completed enrolment, one reissued after a name
correction (student2@example.org), one revoked."""

from certificates import services
from certificates.choices import CertificateStatus
from certificates.models import Certificate
from enrolment.choices import EnrolmentState
from enrolment.models import Enrolment

REVOKED = ("aisha.khan@example.org", "KUF-WGPD-A")
REVOCATION_REASON = "Issued in error: the script was later found not to be the holder's own work."


def seed_certificates(people):
    """Issue (through the service) what is missing, then the reissue and the revocation."""
    admin = people["admin@example.org"]
    completed = Enrolment.objects.filter(state=EnrolmentState.COMPLETED).order_by("pk")
    for enrolment in completed:
        services.certificate_issue(enrolment=enrolment, actor=admin)
    _reissue_after_name_correction(people["student2@example.org"], admin)
    _revoke_one(admin)
    return Certificate.objects.count()


def _reissue_after_name_correction(student, admin):
    certificate = Certificate.objects.filter(enrolment__student=student).first()
    if certificate is None or certificate.reissue_count:
        return
    # The history: the first copy misspelt the family name; the student asked for a correction.
    Certificate.objects.filter(pk=certificate.pk).update(holder_name="Alex Brenan")
    services.certificate_reissue(
        certificate=certificate, actor=admin, holder_name=student.certificate_name
    )


def _revoke_one(admin):
    email, cohort_code = REVOKED
    certificate = Certificate.objects.filter(
        enrolment__student__email=email,
        enrolment__cohort__code=cohort_code,
        status=CertificateStatus.VALID,
    ).first()
    if certificate is not None:
        services.certificate_revoke(certificate=certificate, actor=admin, reason=REVOCATION_REASON)
