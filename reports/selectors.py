from django.db.models import Count

from accounts.choices import Role
from accounts.models import Region


def region_list(*, viewer):
    """The regions whose reports `viewer` may read: a commissioner's own; all for IMH staff.

    Every report query starts from this queryset, so a commissioner never reaches another
    region's rows by changing a URL or a filter.
    """
    if viewer.has_role(Role.COMMISSIONER) and not (
        viewer.has_role(Role.COURSE_ADMINISTRATOR)
        or viewer.has_role(Role.QUALITY_LEAD)
        or viewer.has_role(Role.KPOG_MEMBER)
    ):
        regions = Region.objects.filter(commissioners=viewer)
    else:
        regions = Region.objects.all()
    return regions.annotate(funded_cohort_count=Count("funded_cohorts")).order_by("name")
