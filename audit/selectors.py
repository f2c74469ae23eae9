from django.contrib.contenttypes.models import ContentType

from audit.models import AuditEvent


def audit_event_list_for(*, target):
    """The trail of one record, oldest first."""
    return AuditEvent.objects.filter(
        target_type=ContentType.objects.get_for_model(target), target_id=str(target.pk)
    ).order_by("at", "pk")
