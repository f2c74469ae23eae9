from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.rules import sees_every_cohort
from enrolment.choices import ATTENDED_STATUSES, PLACE_HOLDING_STATES, EnrolmentState
from enrolment.models import Attendance, Enrolment
from evaluations.choices import RatingStage
from evaluations.models import CourseEvaluation, SelfRating
from modules.choices import CohortStatus
from modules.models import TaughtDay


def cohort_places_left(*, cohort):
    taken = Enrolment.objects.filter(cohort=cohort, state__in=PLACE_HOLDING_STATES).count()
    return max(cohort.capacity - taken, 0)


def cohort_annotate_places(cohorts):
    """Add `places_taken`, `places_left`, `applied_count` and `waitlisted_count` to each cohort,
    counted in the database."""
    return cohorts.annotate(
        places_taken=Count("enrolments", filter=Q(enrolments__state__in=PLACE_HOLDING_STATES)),
        applied_count=Count("enrolments", filter=Q(enrolments__state=EnrolmentState.APPLIED)),
        waitlisted_count=Count("enrolments", filter=Q(enrolments__state=EnrolmentState.WAITLISTED)),
    ).annotate(places_left=F("capacity") - F("places_taken"))


def cohort_filter_waiting_with_free_places(cohorts):
    """Cohorts with people on their waiting list and a place free to offer them. The places
    are counted only for cohorts someone waits for (a few), not for every cohort."""
    waiting = Enrolment.objects.filter(cohort=OuterRef("pk"), state=EnrolmentState.WAITLISTED)
    taken = (
        Enrolment.objects.filter(cohort=OuterRef("pk"), state__in=PLACE_HOLDING_STATES)
        .values("cohort")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return (
        cohorts.filter(Exists(waiting))
        .annotate(taken=Coalesce(Subquery(taken), 0))
        .filter(taken__lt=F("capacity"))
    )


def taught_day_filter_register_to_take(days):
    """Taught days gone by, of cohorts not yet finished (a finished cohort's registers are
    closed), whose register is missing someone who holds a place."""
    unrecorded = Enrolment.objects.filter(
        cohort=OuterRef("cohort"), state__in=PLACE_HOLDING_STATES
    ).exclude(
        Exists(
            Attendance.objects.filter(enrolment=OuterRef("pk"), taught_day=OuterRef(OuterRef("pk")))
        )
    )
    return (
        days.filter(date__lt=timezone.localdate())
        .exclude(cohort__status=CohortStatus.FINISHED)
        .filter(Exists(unrecorded))
    )


def cohort_annotate_own_application(cohorts, *, student):
    """Add `own_application`, the state of the student's own enrolment on each cohort (None
    where they have not applied, or for a visitor), so the catalogue offers no second
    application."""
    if not student.is_authenticated:
        return cohorts
    own = Enrolment.objects.filter(cohort=OuterRef("pk"), student=student).values("state")
    return cohorts.annotate(own_application=Subquery(own[:1]))


def attendance_list(*, viewer):
    """Register entries the viewer may read: every cohort's for course administrators and the
    Quality Lead, a tutor's own cohorts'."""
    if sees_every_cohort(viewer):
        return Attendance.objects.all()
    return Attendance.objects.filter(taught_day__cohort__tutors=viewer)


def enrolment_list_holding_place(*, cohort):
    """The cohort's students who have (or had) a place: the register and the class list."""
    return (
        Enrolment.objects.filter(cohort=cohort, state__in=PLACE_HOLDING_STATES)
        .select_related("student")
        .order_by("student__family_name", "student__given_name", "pk")
    )


def enrolment_list_for_student(*, student):
    """A student's applications and enrolments, newest cohort first, each with its cohort,
    module, certificate, taught days, scripts, extensions and attendance preloaded (for its
    timeline) and which questionnaires are answered (`rated_before`, `rated_after`,
    `evaluated`)."""
    ratings = SelfRating.objects.filter(enrolment=OuterRef("pk"))
    return (
        Enrolment.objects.filter(student=student)
        .annotate(
            rated_before=Exists(ratings.filter(stage=RatingStage.BEFORE)),
            rated_after=Exists(ratings.filter(stage=RatingStage.AFTER)),
            evaluated=Exists(CourseEvaluation.objects.filter(enrolment=OuterRef("pk"))),
            waiting_list_position=_waiting_list_position(),
        )
        .select_related("cohort__module", "certificate")
        .prefetch_related("cohort__taught_days", "submissions", "extensions", "attendance")
        .order_by("-cohort__start_date", "-pk")
    )


def _waiting_list_position():
    """An enrolment's place in its cohort's waiting list (1 is next), in the order places are
    offered (enrolment.services.cohort_waitlist_promote); meaningful while waitlisted."""
    ahead = (
        Enrolment.objects.filter(cohort=OuterRef("cohort"), state=EnrolmentState.WAITLISTED)
        .filter(
            Q(waitlisted_at__lt=OuterRef("waitlisted_at"))
            | Q(waitlisted_at=OuterRef("waitlisted_at"), pk__lt=OuterRef("pk"))
        )
        .order_by()
        .values("cohort")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(ahead), 0) + 1


def enrolment_list_own(*, student):
    """The student's own enrolments, to look one up: anyone else's does not exist for them."""
    return Enrolment.objects.filter(student=student).select_related("cohort__module")


def enrolment_scope(
    *,
    prefix="",
    regions=None,
    module=None,
    cohort=None,
    sector=None,
    organisation="",
    started_from=None,
    started_to=None,
):
    """A Q selecting the enrolments in scope of the programme's figures, through `prefix`
    (e.g. "enrolment__" from a script): the oversight dashboard and every report start from it.
    Each filter left out (None, or "" for part of an organisation's name) selects all; the
    period is the cohort's start."""
    lookups = {
        "region__in": regions,
        "cohort__module": module,
        "cohort": cohort,
        "sector": sector,
        "organisation__name__icontains": organisation or None,
        "cohort__start_date__gte": started_from,
        "cohort__start_date__lte": started_to,
    }
    return Q(**{prefix + name: value for name, value in lookups.items() if value is not None})


def enrolment_list_in_scope(**filters):
    """The enrolments in scope (enrolment_scope's filters)."""
    return Enrolment.objects.filter(enrolment_scope(**filters))


def enrolment_filter_attended_every_taught_day(enrolments):
    """Of `enrolments`, those holding a place and recorded as attending (ATTENDED_STATUSES)
    every taught day of their cohort (which has some)."""
    present = Attendance.objects.filter(
        enrolment=OuterRef(OuterRef("pk")),
        taught_day=OuterRef("pk"),
        status__in=ATTENDED_STATUSES,
    )
    days = TaughtDay.objects.filter(cohort=OuterRef("cohort"))
    return enrolments.filter(state__in=PLACE_HOLDING_STATES).filter(
        Exists(days), ~Exists(days.exclude(Exists(present)))
    )


def enrolment_changed_since(*, scope, moment):
    """Whether any enrolment that `scope` (a Q, as enrolment_scope) selects was applied for or
    changed state since `moment`."""
    return (
        Enrolment.objects.filter(scope)
        .filter(Q(applied_at__gt=moment) | Q(state_changed_at__gt=moment))
        .exists()
    )
