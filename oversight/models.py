from django.conf import settings
from django.db import models
from django.utils import timezone

from oversight.choices import ActionStatus, ReviewKind, ReviewState


class OversightReview(models.Model):
    """A KPOG or Quality Lead review: the dashboard's figures frozen when it is opened, then
    findings, decisions and actions; read-only once signed off."""

    kind = models.CharField(max_length=15, choices=ReviewKind.choices)
    title = models.CharField(max_length=200)
    module = models.ForeignKey(
        "modules.Module", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cohort = models.ForeignKey(
        "modules.Cohort", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    financial_year = models.PositiveSmallIntegerField(null=True, blank=True)
    quarter = models.PositiveSmallIntegerField(null=True, blank=True)
    meeting_date = models.DateField()
    attendees = models.TextField(blank=True, max_length=2000)
    snapshot = models.JSONField(help_text="The dashboard's figures when the review was opened.")
    findings = models.TextField(blank=True, max_length=10000)
    decisions = models.TextField(blank=True, max_length=10000)
    state = models.CharField(max_length=10, choices=ReviewState.choices, default=ReviewState.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-meeting_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=ReviewState.values), name="review_state_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=ReviewKind.values), name="review_kind_valid"
            ),
            models.CheckConstraint(
                condition=~models.Q(state=ReviewState.SIGNED_OFF)
                | models.Q(signed_off_by__isnull=False, signed_off_at__isnull=False),
                name="review_signed_off_has_who_and_when",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_signed_off(self):
        return self.state == ReviewState.SIGNED_OFF


class ReviewAction(models.Model):
    review = models.ForeignKey(OversightReview, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField(max_length=2000)
    owner = models.CharField(max_length=200, help_text="Who will do it (a name or a role).")
    due_date = models.DateField()
    status = models.CharField(max_length=5, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=ActionStatus.values),
                name="review_action_status_valid",
            )
        ]

    def __str__(self):
        return self.description[:60]

    @property
    def is_overdue(self):
        return self.status == ActionStatus.OPEN and self.due_date < timezone.localdate()


class ReviewComment(models.Model):
    review = models.ForeignKey(OversightReview, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(max_length=5000)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"Comment by {self.author} on {self.review}"
