from django.db.models import Count, Q

from modules.choices import CohortStatus
from modules.models import Cohort, Module


def programme_summary():
    """Counts for the top of the oversight dashboard, in two aggregate queries."""
    cohorts = Cohort.objects.aggregate(
        **{status.value: Count("id", filter=Q(status=status)) for status in CohortStatus}
    )
    return {
        "active_modules": Module.objects.filter(is_active=True).count(),
        "cohorts_by_status": [(status.label, cohorts[status.value]) for status in CohortStatus],
    }
