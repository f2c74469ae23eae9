from django.contrib.contenttypes.models import ContentType

from audit.models import AuditEvent


def audit_record(*, actor, action, target, changes=None, reason=""):
    """Add one row to the audit trail. Call it inside the transaction of the change it records."""
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_label=actor.email if actor is not None and actor.is_authenticated else "",
        action=action,
        target_type=ContentType.objects.get_for_model(target),
        target_id=str(target.pk),
        target_label=str(target)[:300],
        changes=changes or {},
        reason=reason,
    )
