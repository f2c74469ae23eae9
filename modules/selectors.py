from django.db.models import Prefetch

from accounts.rules import sees_every_cohort
from enrolment.selectors import cohort_annotate_own_application, cohort_annotate_places
from modules.choices import PUBLISHED_STATUSES, CohortStatus
from modules.models import Cohort, Module, TaughtDay


def module_list(*, viewer, active_only=True):
    """Modules for the public catalogue, each with its open cohorts preloaded: their places left
    and where the viewer's own application stands."""
    modules = Module.objects.all()
    if active_only:
        modules = modules.filter(is_active=True)
    open_cohorts = cohort_annotate_own_application(
        cohort_annotate_places(Cohort.objects.filter(status=CohortStatus.OPEN)),
        student=viewer,
    ).order_by("start_date")
    return modules.prefetch_related(
        Prefetch("cohorts", queryset=open_cohorts, to_attr="open_cohorts")
    )


def module_get_published(*, slug):
    return Module.objects.filter(is_active=True).get(slug=slug)


def cohort_list_published(*, module, viewer):
    """A module's cohorts the public may see, newest first, with their taught days, places left
    and where the viewer's own application stands."""
    cohorts = cohort_annotate_places(module.cohorts.filter(status__in=PUBLISHED_STATUSES))
    return (
        cohort_annotate_own_application(cohorts, student=viewer)
        .prefetch_related("taught_days")
        .order_by("-start_date")
    )


def cohort_list(*, viewer):
    """Cohorts the viewer works with: every one for course administrators and the Quality Lead,
    a tutor's own."""
    if sees_every_cohort(viewer):
        return Cohort.objects.all()
    return Cohort.objects.filter(tutors=viewer)


def taught_day_list(*, viewer):
    """Taught days of the cohorts the viewer works with (as cohort_list), newest first."""
    days = TaughtDay.objects.order_by("-date")
    if sees_every_cohort(viewer):
        return days
    return days.filter(cohort__tutors=viewer)
