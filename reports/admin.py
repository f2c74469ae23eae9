from django.contrib import admin

from reports.models import ReportDownload


@admin.register(ReportDownload)
class ReportDownloadAdmin(admin.ModelAdmin):
    """Who downloaded which report: read-only, for course administrators and the Quality Lead."""

    list_display = ["at", "user", "report", "format", "rows", "filters"]
    list_filter = ["report", "format"]
    list_select_related = ["user"]
    search_fields = ["user__email", "user__family_name"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
