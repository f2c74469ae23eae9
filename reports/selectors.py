import json

from django.db.models import Count

from accounts.choices import Role
from accounts.models import Region
from accounts.rules import is_oversight_viewer
from imh_courses.figures_cache import figures_cached
from reports.models import ReportSubscription


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


def report_subscribed(*, user, report):
    return ReportSubscription.objects.filter(user=user, report=report.slug).exists()


def report_summary_cached(*, report, form):
    """((summary, chart), when worked out) for the report's page, kept for a while per report,
    filters and regions (so only viewers of the very same regions share an entry)."""
    regions = sorted(region.pk for region in form.regions_in_scope())
    key = ":".join(
        ["report", report.slug, json.dumps(form.as_record(), sort_keys=True), str(regions)]
    )

    def compute():
        summary = report.summary(form)
        return summary, report.chart(summary)

    return figures_cached(key, compute)
