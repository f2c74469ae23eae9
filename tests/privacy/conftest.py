import pytest
from django.core.files.base import ContentFile

from accounts.choices import Role
from certificates.services import certificate_issue
from enrolment.choices import EnrolmentState
from enrolment.models import EqualityMonitoring
from tests.factories import (
    CohortFactory,
    EnrolmentFactory,
    SubmissionFactory,
    UserFactory,
    user_with_role,
)

SCRIPT_BYTES = b"%PDF-1.4 Rowan's case formulation"
FEEDBACK_BYTES = b"%PDF-1.4 annotated feedback"


@pytest.fixture
def finished_enrolment(db):
    """Rowan Ellis passed KUF-OPD-T today: a released script with a feedback file, equality
    answers, an adjustment and a certificate with its PDF."""
    student = UserFactory(
        email="rowan.ellis@example.org",
        given_name="Rowan",
        family_name="Ellis",
        certificate_name="Rowan J. Ellis",
        roles=[Role.STUDENT],
    )
    enrolment = EnrolmentFactory(
        student=student,
        cohort=CohortFactory(code="KUF-OPD-T"),
        state=EnrolmentState.COMPLETED,
        job_title="Offender manager",
        reasonable_adjustments="Large print handouts",
    )
    EqualityMonitoring.objects.create(
        enrolment=enrolment, ethnicity="white", disability="yes", sex="female", age_band="35-44"
    )
    submission = SubmissionFactory(
        enrolment=enrolment,
        state="released",
        outcome="pass",
        feedback="A careful formulation.",
        marker=user_with_role(Role.TUTOR),
        file=ContentFile(SCRIPT_BYTES, name="script.pdf"),
        sha256="a" * 64,
        feedback_kind="pdf",
        feedback_filename="feedback.pdf",
        feedback_file=ContentFile(FEEDBACK_BYTES, name="feedback.pdf"),
    )
    certificate = certificate_issue(enrolment=enrolment, actor=None)
    certificate.pdf.save("certificate.pdf", ContentFile(b"%PDF-1.4 certificate"))
    enrolment.submission = submission
    enrolment.certificate_issued = certificate
    return enrolment
