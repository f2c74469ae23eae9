from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from audit.models import AuditEvent


def audit_event_list_for(*, target):
    """The trail of one record, oldest first."""
    return AuditEvent.objects.filter(
        target_type=ContentType.objects.get_for_model(target), target_id=str(target.pk)
    ).order_by("at", "pk")


def audit_event_list_about(targets, *, or_actor=None):
    """The trail of many records, oldest first: `targets` maps a model to the ids of its rows.
    With `or_actor`, also every event that person did."""
    about = Q(pk__in=[])
    for model, ids in targets.items():
        about |= Q(
            target_type=ContentType.objects.get_for_model(model),
            target_id__in=[str(pk) for pk in ids],
        )
    if or_actor is not None:
        about |= Q(actor=or_actor)
    return AuditEvent.objects.filter(about).order_by("at", "pk")
