import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from certificates.choices import CertificateStatus


def verification_code_make():
    return secrets.token_urlsafe(24)  # 192 random bits


def pdf_path(certificate, filename):
    return f"certificates/{certificate.number}/{uuid.uuid4().hex}.pdf"


class CertificateNumberSequence(models.Model):
    """The last number given in a year. Taken under a row lock inside the issuing transaction,
    so numbers run without gaps and are never given twice."""

    year = models.PositiveIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last_number}"


class Certificate(models.Model):
    """An IMH Certificate: issued once per passed enrolment, never deleted.

    What it certifies is copied at issue time (name, module, dates) so that later edits to the
    account, module or cohort do not change a certificate already handed out.
    """

    enrolment = models.OneToOneField(
        "enrolment.Enrolment", on_delete=models.PROTECT, related_name="certificate"
    )
    number = models.CharField(max_length=30, unique=True)
    verification_code = models.CharField(max_length=64, unique=True, default=verification_code_make)
    holder_name = models.CharField("name on the certificate", max_length=200)
    module_title = models.CharField(max_length=200)
    cohort_start = models.DateField()
    cohort_end = models.DateField()
    completed_on = models.DateField()
    issued_at = models.DateTimeField(default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        max_length=10, choices=CertificateStatus.choices, default=CertificateStatus.VALID
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revocation_reason = models.TextField(blank=True, max_length=2000)
    reissue_count = models.PositiveSmallIntegerField(default=0)
    reissued_at = models.DateTimeField(null=True, blank=True)
    pdf = models.FileField(upload_to=pdf_path, max_length=200, blank=True)
    pdf_sha256 = models.CharField("SHA-256 of the PDF", max_length=64, blank=True)
    pdf_rendered_at = models.DateTimeField(null=True, blank=True)
    render_attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-issued_at"]
        # The few still without a PDF, found without reading the register: the render sweep
        # and the administrators' to-do look for them.
        indexes = [
            models.Index(
                fields=["issued_at"], condition=models.Q(pdf=""), name="certificate_without_pdf"
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=CertificateStatus.values),
                name="certificate_status_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=CertificateStatus.REVOKED)
                | (models.Q(revoked_at__isnull=False) & ~models.Q(revocation_reason="")),
                name="certificate_revoked_has_time_and_reason",
            ),
        ]

    def __str__(self):
        return f"{self.number} ({self.holder_name})"

    @property
    def is_revoked(self):
        return self.status == CertificateStatus.REVOKED


class CertificateFile(models.Model):
    """A PDF replaced by a reissue, kept as history."""

    certificate = models.ForeignKey(Certificate, on_delete=models.PROTECT, related_name="old_files")
    pdf = models.FileField(max_length=200)
    pdf_sha256 = models.CharField(max_length=64)
    holder_name = models.CharField(max_length=200)
    replaced_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-replaced_at"]

    def __str__(self):
        return f"{self.certificate.number}, replaced {self.replaced_at:%d/%m/%Y}"
