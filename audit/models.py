from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models


class AuditEvent(models.Model):
    """One recorded action: who did what to which record, when, and what changed.

    Rows are only ever added (audit.services.audit_record); nothing in the application edits or
    deletes them.
    """

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty when the portal acted on its own (e.g. a waiting-list promotion).",
    )
    # Kept as text too, so the trail still says who acted after an account is anonymised.
    actor_label = models.CharField(max_length=254, blank=True)
    action = models.CharField(max_length=60, db_index=True)
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    target_id = models.CharField(max_length=40)
    target_label = models.CharField(max_length=300, blank=True)
    changes = models.JSONField(
        default=dict, blank=True, help_text='Field name to [before, after], e.g. {"state": [...]}.'
    )
    reason = models.TextField(blank=True, max_length=2000)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self):
        return f"{self.action} {self.target_label} by {self.actor_label or 'the portal'}"
