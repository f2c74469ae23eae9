from django.db.models import Count

from accounts.choices import Role
from accounts.models import Region
from accounts.rules import is_oversight_viewer


def report_regions(*, viewer):
    """The regions whose reports `viewer` may read: a commissioner's own; all for IMH staff.

    Every report query starts from this queryset, so a commissioner never reaches another
    region's rows by changing a URL or a filter.
    """
    if viewer.has_role(Role.COMMISSIONER) and not is_oversight_viewer(viewer):
        return Region.objects.filter(commissioners=viewer).order_by("name")
    return Region.objects.order_by("name")


def region_list(*, viewer):
    """The viewer's regions with the number of cohorts each funds."""
    return report_regions(viewer=viewer).annotate(funded_cohort_count=Count("funded_cohorts"))
