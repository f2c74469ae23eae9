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
