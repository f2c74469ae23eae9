import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from assessment.choices import (
    AWAITING_MARKS,
    MARKED_STATES,
    MAX_ATTEMPTS,
    ExtensionState,
    ModerationDecision,
    ModerationState,
    Outcome,
    SubmissionState,
)

REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread


def reference_make():
    return "S-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))


def script_path(submission, filename):
    # Stored under a random name: the student's file name is kept only as data.
    return f"scripts/{submission.enrolment_id}/{uuid.uuid4().hex}.{submission.kind}"


def feedback_path(submission, filename):
    return f"feedback/{submission.enrolment_id}/{uuid.uuid4().hex}.{submission.feedback_kind}"


class Submission(models.Model):
    """One attempt at a cohort's assignment: the file, the declarations, the marks.

    Only the services in assessment.services change `state`, the outcome or the feedback.
    """

    enrolment = models.ForeignKey(
        "enrolment.Enrolment", on_delete=models.PROTECT, related_name="submissions"
    )
    attempt = models.PositiveSmallIntegerField(default=1)
    state = models.CharField(
        max_length=12, choices=SubmissionState.choices, default=SubmissionState.DRAFT
    )
    reference = models.CharField(max_length=12, unique=True, default=reference_make)

    # Emptied by the retention schedule (privacy.retention); the receipt fields below stay.
    file = models.FileField(upload_to=script_path, max_length=200, blank=True)
    kind = models.CharField(max_length=4, help_text="pdf, docx or odt, read from the content.")
    filename = models.CharField(max_length=200)
    file_size = models.PositiveIntegerField()
    sha256 = models.CharField("SHA-256", max_length=64)
    word_count = models.PositiveIntegerField(null=True, blank=True)
    confidentiality_flags = models.JSONField(default=list, blank=True)
    uploaded_at = models.DateTimeField(default=timezone.now)

    declared_own_work = models.BooleanField(default=False)
    declared_pseudonymised = models.BooleanField(default=False)
    word_limit_acknowledged = models.BooleanField(default=False)
    flags_confirmed = models.BooleanField(
        "identifiers checked", default=False, help_text="The student confirmed the flags."
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    is_late = models.BooleanField(default=False)
    marking_due = models.DateField(null=True, blank=True)
    marker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="submissions_to_mark",
    )

    outcome = models.CharField(max_length=5, choices=Outcome.choices, blank=True)
    feedback = models.TextField("feedback to the student", blank=True, max_length=10000)
    feedback_file = models.FileField(upload_to=feedback_path, max_length=200, blank=True)
    feedback_kind = models.CharField(max_length=4, blank=True)
    feedback_filename = models.CharField(max_length=200, blank=True)
    moderation_note = models.TextField(
        "private note for moderation",
        blank=True,
        help_text="Never shown to the student.",
        max_length=5000,
    )
    marked_at = models.DateTimeField(null=True, blank=True)
    marking_working_days = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Working days from submission to marking finished."
    )
    released_at = models.DateTimeField(null=True, blank=True)
    resubmission_deadline = models.DateTimeField(
        null=True, blank=True, help_text="Set when a Refer on the first attempt is released."
    )
    files_deleted_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the script and feedback files were deleted under the retention schedule.",
    )

    class Meta:
        ordering = ["marking_due", "submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "attempt"], name="submission_once_per_attempt"
            ),
            models.CheckConstraint(
                condition=models.Q(attempt__gte=1, attempt__lte=MAX_ATTEMPTS),
                name="submission_attempt_one_or_two",
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=SubmissionState.values),
                name="submission_state_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(outcome__in=["", *Outcome.values]),
                name="submission_outcome_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(state__in=MARKED_STATES)
                | (~models.Q(outcome="") & ~models.Q(feedback="")),
                name="submission_marked_has_outcome_and_feedback",
            ),
            models.CheckConstraint(
                condition=models.Q(state=SubmissionState.DRAFT)
                | models.Q(submitted_at__isnull=False),
                name="submission_submitted_has_time",
            ),
        ]
        indexes = [models.Index(fields=["state", "marking_due"])]

    def __str__(self):
        return f"{self.reference} (attempt {self.attempt})"

    @property
    def is_marking_overdue(self):
        """Still to mark after its marking due date (assessment.selectors filters by the same)."""
        return (
            self.state in AWAITING_MARKS
            and self.marking_due is not None
            and self.marking_due < timezone.localdate()
        )


class Extension(models.Model):
    """A student's request for more time on the first attempt, and its decision."""

    enrolment = models.ForeignKey(
        "enrolment.Enrolment", on_delete=models.PROTECT, related_name="extensions"
    )
    reason = models.TextField(max_length=2000)
    requested_deadline = models.DateTimeField()
    state = models.CharField(
        max_length=10, choices=ExtensionState.choices, default=ExtensionState.REQUESTED
    )
    requested_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True, max_length=2000)

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=ExtensionState.values), name="extension_state_valid"
            ),
            models.UniqueConstraint(
                fields=["enrolment"],
                condition=models.Q(state=ExtensionState.REQUESTED),
                name="extension_one_open_request",
            ),
        ]

    def __str__(self):
        return f"Extension for {self.enrolment}"


class ModerationSample(models.Model):
    """The scripts of one cohort's attempt chosen for moderation: drawn once, when marking of
    that attempt is complete."""

    cohort = models.ForeignKey(
        "modules.Cohort", on_delete=models.PROTECT, related_name="moderation_samples"
    )
    attempt = models.PositiveSmallIntegerField()
    drawn_at = models.DateTimeField(default=timezone.now)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    scripts_in_cohort = models.PositiveIntegerField()

    class Meta:
        db_table = "oversight_moderationsample"  # moved from oversight; the table kept its name
        ordering = ["-drawn_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "attempt"], name="moderation_sample_once_per_attempt"
            )
        ]

    def __str__(self):
        return f"Sample of {self.cohort.code}, attempt {self.attempt}"


class Moderation(models.Model):
    """A second look at one sampled script: agree, or disagree with a proposed outcome, which is
    then resolved to an agreed outcome before the cohort's marks can be released."""

    sample = models.ForeignKey(
        ModerationSample, on_delete=models.CASCADE, related_name="moderations"
    )
    submission = models.OneToOneField(
        Submission, on_delete=models.PROTECT, related_name="moderation"
    )
    state = models.CharField(
        max_length=10, choices=ModerationState.choices, default=ModerationState.PENDING
    )
    marker_outcome = models.CharField(
        "first marker's outcome", max_length=5, choices=Outcome.choices
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decision = models.CharField(max_length=10, choices=ModerationDecision.choices, blank=True)
    comment = models.TextField(blank=True, max_length=5000)
    proposed_outcome = models.CharField(max_length=5, choices=Outcome.choices, blank=True)
    moderated_at = models.DateTimeField(null=True, blank=True)
    agreed_outcome = models.CharField(max_length=5, choices=Outcome.choices, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution_note = models.TextField(blank=True, max_length=5000)

    class Meta:
        db_table = "oversight_moderation"  # moved from oversight; the table kept its name
        ordering = ["sample", "submission__reference"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=ModerationState.values),
                name="moderation_state_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(state=ModerationState.PENDING)
                | (models.Q(moderator__isnull=False) & ~models.Q(decision="")),
                name="moderation_decided_has_moderator",
            ),
            models.CheckConstraint(
                condition=~models.Q(state=ModerationState.RESOLVED) | ~models.Q(agreed_outcome=""),
                name="moderation_resolved_has_outcome",
            ),
        ]

    def __str__(self):
        return f"Moderation of {self.submission.reference}"
