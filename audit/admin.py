from django.contrib import admin

from audit.models import AuditEvent
from imh_courses.admin_actions import ReadOnlyAdminMixin


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: the trail can be searched, never edited or deleted."""

    list_display = ["at", "action", "target_label", "actor_label", "reason"]
    list_filter = ["action", "target_type"]
    search_fields = ["target_label", "actor_label", "action", "reason"]
    date_hierarchy = "at"
