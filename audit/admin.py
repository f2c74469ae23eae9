from django.contrib import admin

from audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the trail can be searched, never edited or deleted."""

    list_display = ["at", "action", "target_label", "actor_label", "reason"]
    list_filter = ["action", "target_type"]
    search_fields = ["target_label", "actor_label", "action", "reason"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
