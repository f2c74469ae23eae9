import pytest
from django.db import transaction
from django.utils import timezone

from audit.selectors import audit_event_list_for
from certificates import pdf, services
from certificates.models import Certificate, CertificateFile
from enrolment.choices import EnrolmentState
from imh_courses.exceptions import DomainError, TransitionError
from tests.factories import EnrolmentFactory

pytestmark = pytest.mark.django_db


def _issue(enrolment, actor=None):
    return services.certificate_issue(enrolment=enrolment, actor=actor)


def test_issue_records_a_numbered_certificate_renders_it_and_emails_the_holder(
    completed_enrolment, course_administrator, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        certificate = _issue(completed_enrolment, course_administrator)
    certificate.refresh_from_db()
    year = timezone.localdate().year
    assert certificate.number == f"IMH-KUF-{year}-00001"
    assert (certificate.holder_name, certificate.module_title) == (
        "Rowan Ellis",
        "Engaging effectively with offenders with personality disorder",
    )
    assert len(certificate.verification_code) >= 32  # 192 random bits, URL-safe
    assert certificate.pdf and len(certificate.pdf_sha256) == 64
    [email] = mailoutbox
    assert email.subject == f"Your IMH Certificate {certificate.number}"
    assert f"/certificates/verify/{certificate.verification_code}/" in email.body
    [event] = audit_event_list_for(target=certificate)
    assert (event.action, event.actor) == ("certificate.issue", course_administrator)


def test_issuing_twice_gives_the_same_certificate(completed_enrolment):
    first = _issue(completed_enrolment)
    second = _issue(completed_enrolment)
    assert first.pk == second.pk
    assert Certificate.objects.count() == 1


@pytest.mark.parametrize("state", [EnrolmentState.ENROLLED, EnrolmentState.NOT_PASSED])
def test_no_certificate_without_a_pass(state):
    with pytest.raises(TransitionError):
        _issue(EnrolmentFactory(state=state))
    assert not Certificate.objects.exists()


def test_numbers_run_without_gaps_even_after_a_failed_issue():
    enrolments = EnrolmentFactory.create_batch(3, state=EnrolmentState.COMPLETED)
    _issue(enrolments[0])
    with pytest.raises(RuntimeError), transaction.atomic():
        _issue(enrolments[1])
        raise RuntimeError("something after the issue failed: all of it rolls back")
    _issue(enrolments[1])
    _issue(enrolments[2])
    year = timezone.localdate().year
    assert sorted(Certificate.objects.values_list("number", flat=True)) == [
        f"IMH-KUF-{year}-0000{n}" for n in (1, 2, 3)
    ]


def test_a_render_failure_keeps_the_certificate_and_counts_the_attempt(
    completed_enrolment, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(certificate):
        raise OSError("fonts missing")

    monkeypatch.setattr(pdf, "certificate_pdf", broken)
    with django_capture_on_commit_callbacks(execute=True):
        certificate = _issue(completed_enrolment)
    certificate.refresh_from_db()
    assert (bool(certificate.pdf), certificate.render_attempts) == (False, 1)


def test_reissue_keeps_the_number_marks_it_and_keeps_the_old_pdf(
    completed_enrolment, course_administrator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        certificate = _issue(completed_enrolment)
    certificate.refresh_from_db()
    old_hash = certificate.pdf_sha256
    with django_capture_on_commit_callbacks(execute=True):
        services.certificate_reissue(
            certificate=certificate, actor=course_administrator, holder_name="Rowan  Ellis-Ward"
        )
    certificate.refresh_from_db()
    assert (certificate.holder_name, certificate.reissue_count) == ("Rowan Ellis-Ward", 1)
    assert certificate.pdf_sha256 not in ("", old_hash)
    [old] = CertificateFile.objects.all()
    assert (old.pdf_sha256, old.holder_name) == (old_hash, "Rowan Ellis")
    assert old.pdf.storage.exists(old.pdf.name)


def test_a_revoked_certificate_is_not_reissued_until_reinstated(
    completed_enrolment, course_administrator
):
    certificate = _issue(completed_enrolment)
    services.certificate_revoke(
        certificate=certificate, actor=course_administrator, reason="Issued in error"
    )
    with pytest.raises(TransitionError, match="reinstate"):
        services.certificate_reissue(
            certificate=certificate, actor=course_administrator, holder_name="R Ellis"
        )
    services.certificate_reinstate(
        certificate=certificate, actor=course_administrator, reason="Appeal upheld"
    )
    services.certificate_reissue(
        certificate=certificate, actor=course_administrator, holder_name="R Ellis"
    )
    actions = [e.action for e in audit_event_list_for(target=certificate)]
    assert actions == [
        "certificate.issue",
        "certificate.revoke",
        "certificate.reinstate",
        "certificate.reissue",
    ]


@pytest.mark.parametrize(
    ("service", "kwargs"),
    [
        (services.certificate_revoke, {"reason": "  "}),
        (services.certificate_reissue, {"holder_name": " "}),
    ],
)
def test_revoke_needs_a_reason_and_reissue_a_name(
    completed_enrolment, course_administrator, service, kwargs
):
    certificate = _issue(completed_enrolment)
    with pytest.raises(DomainError):
        service(certificate=certificate, actor=course_administrator, **kwargs)
    certificate.refresh_from_db()
    assert (certificate.status, certificate.reissue_count) == ("valid", 0)


def test_revoking_twice_is_refused(completed_enrolment, course_administrator):
    certificate = _issue(completed_enrolment)
    services.certificate_revoke(certificate=certificate, actor=course_administrator, reason="x")
    with pytest.raises(TransitionError):
        services.certificate_revoke(certificate=certificate, actor=course_administrator, reason="y")


def test_the_holder_is_emailed_on_reissue_revocation_and_reinstatement(
    completed_enrolment, course_administrator, django_capture_on_commit_callbacks, mailoutbox
):
    certificate = _issue(completed_enrolment, course_administrator)
    with django_capture_on_commit_callbacks(execute=True):
        services.certificate_reissue(
            certificate=certificate, actor=course_administrator, holder_name="Rowan J. Ellis"
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.certificate_revoke(
            certificate=certificate, actor=course_administrator, reason="Not their own work."
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.certificate_reinstate(
            certificate=certificate, actor=course_administrator, reason="Cleared on appeal."
        )

    number = certificate.number
    assert [email.subject for email in mailoutbox] == [
        f"Your IMH Certificate {number} is reissued",
        f"Your IMH Certificate {number} is revoked",
        f"Your IMH Certificate {number} is valid again",
    ]
    assert {tuple(email.to) for email in mailoutbox} == {(completed_enrolment.student.email,)}
    assert "Rowan J. Ellis" in mailoutbox[0].body
    assert "Not their own work." in mailoutbox[1].body
