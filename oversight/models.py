from django.conf import settings
from django.db import models
from django.utils import timezone

from assessment.choices import Outcome
from oversight.choices import ModerationDecision, ModerationState


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
        "assessment.Submission", on_delete=models.PROTECT, related_name="moderation"
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
    comment = models.TextField(blank=True)
    proposed_outcome = models.CharField(max_length=5, choices=Outcome.choices, blank=True)
    moderated_at = models.DateTimeField(null=True, blank=True)
    agreed_outcome = models.CharField(max_length=5, choices=Outcome.choices, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution_note = models.TextField(blank=True)

    class Meta:
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
