from django.contrib.contenttypes.models import ContentType
from django.db import models

from audit.models import AuditEvent


def audit_record(*, actor, action, target, changes=None, reason="", target_label=None):
    """Add one row to the audit trail. Call it inside the transaction of the change it records.

    `target` is the record acted on, or a model class when no record is (a sign-in with an
    unknown address): then `target_label` says what was named.
    """
    event = audit_event_make(
        actor=actor,
        action=action,
        target=target,
        changes=changes,
        reason=reason,
        target_label=target_label,
    )
    event.save()
    return event


def audit_records_add(events):
    """Add many rows at once (events from audit_event_make), in the caller's transaction."""
    return AuditEvent.objects.bulk_create(events)


def audit_event_make(*, actor, action, target, changes=None, reason="", target_label=None):
    """An unsaved audit row; audit_record or audit_records_add saves it."""
    signed_in = actor is not None and actor.is_authenticated
    return AuditEvent(
        actor=actor if signed_in else None,
        actor_label=actor.email if signed_in else "",
        action=action,
        target_type=ContentType.objects.get_for_model(target),
        target_id=str(target.pk) if isinstance(target, models.Model) else "",
        target_label=(target_label if target_label is not None else str(target))[:300],
        changes=changes or {},
        reason=reason,
    )
