"""Issuing, reissuing, revoking and reinstating IMH Certificates: one function per verb (the
PDF is rendered and stored by certificates.pdf, in the task worker or on download)."""

from django.db import transaction
from django.utils import timezone

from audit.services import audit_record
from certificates.choices import CertificateStatus
from certificates.models import Certificate, CertificateFile, CertificateNumberSequence
from certificates.tasks import certificate_render
from enrolment.choices import EnrolmentState
from enrolment.models import Enrolment
from enrolment.services import student_email_send
from imh_courses.exceptions import DomainError, TransitionError


@transaction.atomic
def certificate_issue(*, enrolment, actor):
    """Record the certificate of a completed enrolment, once: a second call returns the first.

    Takes the next number of the year under a row lock in this transaction, so a rolled-back
    issue leaves no gap and two issues never share a number. Side effects: an audit row; after
    commit, the PDF render task and the email to the holder. Raises TransitionError unless the
    enrolment is completed.
    """
    enrolment = (
        Enrolment.objects.select_for_update(of=["self"])
        .select_related("student", "cohort__module")
        .get(pk=enrolment.pk)
    )
    existing = Certificate.objects.filter(enrolment=enrolment).first()
    if existing is not None:
        return existing
    if enrolment.state != EnrolmentState.COMPLETED:
        raise TransitionError("A certificate is issued only for a completed enrolment.")
    now = timezone.now()
    certificate = Certificate.objects.create(
        enrolment=enrolment,
        number=_next_number(timezone.localdate(now).year),
        holder_name=enrolment.student.certificate_name or enrolment.student.full_name,
        module_title=enrolment.cohort.module.title,
        cohort_start=enrolment.cohort.start_date,
        cohort_end=enrolment.cohort.end_date,
        completed_on=timezone.localdate(now),
        issued_at=now,
        issued_by=actor if actor is not None and actor.is_authenticated else None,
    )
    audit_record(
        actor=actor,
        action="certificate.issue",
        target=certificate,
        changes={"number": [None, certificate.number]},
    )
    _render_on_commit(certificate)
    _holder_email_on_commit(certificate, "certificate_issued")
    return certificate


@transaction.atomic
def certificate_reissue(*, certificate, actor, holder_name):
    """A new PDF under the same number, e.g. after a name correction, marked as reissued.

    The old PDF is kept in the certificate's history. Side effects: an audit row; after commit,
    the render and the email to the holder. Raises TransitionError for a revoked certificate
    (reinstate it first) and DomainError without a name.
    """
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.is_revoked:
        raise TransitionError(f"{certificate.number} is revoked: reinstate it before reissuing it.")
    holder_name = " ".join(holder_name.split())
    if not holder_name:
        raise DomainError("Give the name to print on the certificate.")
    if certificate.pdf:
        CertificateFile.objects.create(
            certificate=certificate,
            pdf=certificate.pdf.name,
            pdf_sha256=certificate.pdf_sha256,
            holder_name=certificate.holder_name,
        )
    before = certificate.holder_name
    certificate.holder_name = holder_name
    certificate.reissue_count += 1
    certificate.reissued_at = timezone.now()
    certificate.pdf = ""
    certificate.pdf_sha256 = ""
    certificate.pdf_rendered_at = None
    certificate.save()
    audit_record(
        actor=actor,
        action="certificate.reissue",
        target=certificate,
        changes={
            "holder_name": [before, holder_name],
            "reissue_count": [certificate.reissue_count - 1, certificate.reissue_count],
        },
    )
    _render_on_commit(certificate)
    _holder_email_on_commit(certificate, "certificate_reissued")
    return certificate


@transaction.atomic
def certificate_revoke(*, certificate, actor, reason):
    """Valid -> revoked, with a reason; the verification page says so from then on."""
    return _status_change(
        certificate, actor, reason, CertificateStatus.VALID, CertificateStatus.REVOKED, "revoke"
    )


@transaction.atomic
def certificate_reinstate(*, certificate, actor, reason):
    """Revoked -> valid again (a revocation made in error), with a reason."""
    return _status_change(
        certificate, actor, reason, CertificateStatus.REVOKED, CertificateStatus.VALID, "reinstate"
    )


def _status_change(certificate, actor, reason, from_status, to_status, verb):
    """Move between valid and revoked, keeping who revoked it, when and why while revoked.
    Side effects: an audit row; after commit, the email to the holder."""
    reason = reason.strip()
    if not reason:
        raise DomainError(f"Give the reason to {verb} the certificate.")
    certificate = _lock(certificate, from_status, verb)
    revoked = to_status == CertificateStatus.REVOKED
    certificate.status = to_status
    certificate.revoked_at = timezone.now() if revoked else None
    certificate.revoked_by = actor if revoked else None
    certificate.revocation_reason = reason if revoked else ""
    certificate.save(update_fields=["status", "revoked_at", "revoked_by", "revocation_reason"])
    audit_record(
        actor=actor,
        action=f"certificate.{verb}",
        target=certificate,
        changes={"status": [from_status, to_status]},
        reason=reason,
    )
    _holder_email_on_commit(certificate, f"certificate_{to_status}")
    return certificate


def certificate_number(*, year, sequence):
    """The printed number of the year's `sequence`-th certificate: IMH-KUF-2026-00042."""
    return f"IMH-KUF-{year}-{sequence:05d}"


def _next_number(year):
    sequence, _ = CertificateNumberSequence.objects.select_for_update().get_or_create(year=year)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return certificate_number(year=year, sequence=sequence.last_number)


def _lock(certificate, expected_status, verb):
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.status != expected_status:
        raise TransitionError(
            f"Cannot {verb} {certificate.number}: it is {certificate.get_status_display().lower()}."
        )
    return certificate


def _render_on_commit(certificate):
    certificate_id = certificate.pk
    transaction.on_commit(lambda: certificate_render.enqueue(certificate_id))


def _holder_email_on_commit(certificate, name):
    """After commit, the holder's email `name` (issued, reissued, revoked, valid again)."""
    certificate_id = certificate.pk
    transaction.on_commit(lambda: _holder_email_send(certificate_id, name))


def _holder_email_send(certificate_id, name):
    certificate = Certificate.objects.select_related(
        "enrolment__student", "enrolment__cohort__module"
    ).get(pk=certificate_id)
    student_email_send(
        enrolment=certificate.enrolment,
        template_prefix=f"certificates/email/{name}",
        certificate=certificate,
    )
