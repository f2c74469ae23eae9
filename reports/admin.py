from django.contrib import admin

from imh_courses.admin_actions import ReadOnlyAdminMixin
from reports.models import ReportDownload


@admin.register(ReportDownload)
class ReportDownloadAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Who downloaded which report: read-only, for course administrators and the Quality Lead."""

    list_display = ["at", "user", "report", "format", "rows", "filters"]
    list_filter = ["report", "format"]
    list_select_related = ["user"]
    search_fields = ["user__email", "user__family_name"]
    date_hierarchy = "at"
