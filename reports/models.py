from django.conf import settings
from django.db import models
from django.utils import timezone

from reports.choices import ReportFormat


class ReportDownload(models.Model):
    """One download of a report: who, which report and format, with which filters, how many
    rows, when. Written in the same request as the download; never changed."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    report = models.CharField(max_length=30)
    format = models.CharField(max_length=4, choices=ReportFormat.choices)
    filters = models.JSONField(default=dict, help_text="The filters as chosen, by name.")
    rows = models.PositiveIntegerField()
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(format__in=ReportFormat.values),
                name="report_download_format_valid",
            )
        ]

    def __str__(self):
        return f"{self.report} ({self.format}) by {self.user} at {self.at:%Y-%m-%d %H:%M}"


class ReportSubscription(models.Model):
    """A viewer's wish to get a report by email each month (see send_scheduled_reports)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="report_subscriptions"
    )
    report = models.CharField(max_length=30)
    created_at = models.DateTimeField(default=timezone.now)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["user", "report"]
        constraints = [
            models.UniqueConstraint(fields=["user", "report"], name="report_subscription_once")
        ]

    def __str__(self):
        return f"{self.user} subscribes to {self.report}"
