"""The oversight dashboard's figures, each computed in the database with aggregates.

Every figure starts from the enrolments in scope (module, cohort, region, period of the
cohort's start), so the page runs the same queries whatever the number of rows.
"""

import json
from dataclasses import dataclass, fields

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import (
    Avg,
    Count,
    Max,
    Q,
)
from django.utils import timezone

from accounts.choices import Sector
from assessment.choices import (
    AWAITING_MARKS,
    ExtensionState,
    ModerationDecision,
    ModerationState,
    Outcome,
    SubmissionState,
)
from assessment.models import Extension, Moderation, Submission
from certificates.models import Certificate
from enrolment.choices import PLACE_HOLDING_STATES, EnrolmentState
from enrolment.selectors import enrolment_filter_attended_every_taught_day, enrolment_list_in_scope
from evaluations.choices import SATISFACTION_ITEMS
from evaluations.models import CourseEvaluation, SelfRating
from evaluations.selectors import evaluation_means_by, items_mean, self_rating_means
from imh_courses.figures_cache import figures_cached
from imh_courses.periods import period_range
from modules.models import TaughtDay

# A tutor's pass share this far (in percentage points) from everyone's is flagged.
PASS_SHARE_OUTLIER_POINTS = 20
OUTLIER_MINIMUM_SCRIPTS = 5


@dataclass(frozen=True)
class Scope:
    module: object = None
    cohort: object = None
    region: object = None
    financial_year: int | None = None
    quarter: int | None = None


def enrolments_in_scope(scope):
    first, last = (
        period_range(scope.financial_year, scope.quarter)
        if scope.financial_year is not None
        else (None, None)
    )
    return enrolment_list_in_scope(
        module=scope.module,
        cohort=scope.cohort,
        regions=[scope.region] if scope.region is not None else None,
        started_from=first,
        started_to=last,
    )


def dashboard_figures_cached(scope):
    """((figures, tutor table), when computed) for the dashboard, kept for a while."""
    values = (getattr(scope, field.name) for field in fields(scope))
    key = "oversight-figures:" + ":".join(str(getattr(v, "pk", v)) for v in values)
    return figures_cached(key, lambda: (dashboard_figures(scope), tutor_table(scope)))


def dashboard_figures(scope):
    enrolments = enrolments_in_scope(scope)
    scripts = Submission.objects.filter(enrolment__in=enrolments).exclude(
        state=SubmissionState.DRAFT
    )
    figures = {
        **_enrolment_counts(enrolments),
        "attended_all": enrolment_filter_attended_every_taught_day(enrolments).count(),
        **_submission_figures(scripts),
        "outcomes": _outcomes_per_attempt(scripts),
        **_turnaround(scripts),
        **_moderation(scripts),
        "extensions_granted": Extension.objects.filter(
            enrolment__in=enrolments, state=ExtensionState.GRANTED
        ).count(),
        **_certificates(enrolments),
        **_evaluations(enrolments),
        "evaluation_by_sector": _evaluations_by_sector(enrolments),
    }
    figures["completion_rate"] = _share(figures["completed"], figures["enrolled"])
    return figures


def dashboard_snapshot(scope):
    """The dashboard's figures as plain JSON, to be kept as they are now."""
    figures = {"figures": dashboard_figures(scope), "tutors": tutor_table(scope)}
    return json.loads(json.dumps(figures, cls=DjangoJSONEncoder))


def tutor_table(scope):
    """One row per marker: outcome shares, mean turnaround, moderation disagreements, and
    whether anything stands out."""
    scripts = Submission.objects.filter(
        enrolment__in=enrolments_in_scope(scope), marker__isnull=False
    ).exclude(outcome="")
    rows = list(
        scripts.values("marker", "marker__given_name", "marker__family_name")
        .annotate(
            scripts=Count("pk"),
            passes=Count("pk", filter=Q(outcome=Outcome.PASS)),
            refers=Count("pk", filter=Q(outcome=Outcome.REFER)),
            fails=Count("pk", filter=Q(outcome=Outcome.FAIL)),
            mean_turnaround=Avg("marking_working_days"),
            disagreements=Count(
                "moderation", filter=Q(moderation__decision=ModerationDecision.DISAGREE)
            ),
        )
        .order_by("marker__family_name", "marker__given_name")
    )
    total = sum(row["scripts"] for row in rows)
    overall_pass_share = _share(sum(row["passes"] for row in rows), total)
    for row in rows:
        row["name"] = f"{row['marker__given_name']} {row['marker__family_name']}"
        for outcome in ("passes", "refers", "fails"):
            row[f"{outcome}_share"] = _share(row[outcome], row["scripts"])
        row["flags"] = _tutor_flags(row, overall_pass_share)
    return rows


def _tutor_flags(row, overall_pass_share):
    flags = []
    if (
        row["scripts"] >= OUTLIER_MINIMUM_SCRIPTS
        and overall_pass_share is not None
        and abs(row["passes_share"] - overall_pass_share) > PASS_SHARE_OUTLIER_POINTS
    ):
        flags.append("pass share far from the programme's")
    if (
        row["mean_turnaround"] is not None
        and row["mean_turnaround"] > settings.MARKING_WORKING_DAYS
    ):
        flags.append("slow marking")
    if row["disagreements"]:
        flags.append("moderation disagreements")
    return flags


def _enrolment_counts(enrolments):
    states = {
        "applications": Q(),
        "enrolled": Q(state__in=PLACE_HOLDING_STATES),
        "waitlisted": Q(state=EnrolmentState.WAITLISTED),
        "withdrawn": Q(state=EnrolmentState.WITHDRAWN),
        "completed": Q(state=EnrolmentState.COMPLETED),
    }
    return enrolments.aggregate(**{name: Count("pk", filter=q) for name, q in states.items()})


def _submission_figures(scripts):
    first = scripts.filter(attempt=1).aggregate(
        submitted=Count("pk"), on_time=Count("pk", filter=Q(is_late=False))
    )
    return {**first, "on_time_rate": _share(first["on_time"], first["submitted"])}


def _outcomes_per_attempt(scripts):
    counts = {
        (row["attempt"], row["outcome"]): row["n"]
        for row in scripts.filter(state=SubmissionState.RELEASED)
        .values("attempt", "outcome")
        .annotate(n=Count("pk"))
        .order_by()
    }
    return [
        {"attempt": attempt, "outcome": label, "count": counts.get((attempt, value), 0)}
        for attempt in (1, 2)
        for value, label in Outcome.choices
    ]


def _turnaround(scripts):
    marked = scripts.filter(marking_working_days__isnull=False)
    counts = marked.aggregate(
        marked=Count("pk"),
        within=Count("pk", filter=Q(marking_working_days__lte=settings.MARKING_WORKING_DAYS)),
    )
    overdue = scripts.filter(state__in=AWAITING_MARKS, marking_due__lt=timezone.localdate()).count()
    return {
        "turnaround_median": _median(marked, "marking_working_days", counts["marked"]),
        "turnaround_within_target": _share(counts["within"], counts["marked"]),
        "overdue_now": overdue,
    }


def _moderation(scripts):
    moderations = Moderation.objects.filter(submission__in=scripts)
    counts = moderations.aggregate(
        sampled=Count("pk"),
        decided=Count("pk", filter=~Q(state=ModerationState.PENDING)),
        agreed=Count("pk", filter=Q(decision=ModerationDecision.AGREE)),
    )
    marked = scripts.exclude(outcome="").count()
    return {
        "moderation_sampled": counts["sampled"],
        "moderation_coverage": _share(counts["decided"], marked),
        "moderation_agreement": _share(counts["agreed"], counts["decided"]),
    }


def _certificates(enrolments):
    """Certificates issued, and the median days from a cohort's last taught day to a
    certificate. Counted per cohort and completion date (a few thousand groups, not one row per
    certificate), then the median is found in those groups."""
    groups = list(
        Certificate.objects.filter(enrolment__in=enrolments)
        .values_list("enrolment__cohort", "completed_on")
        .annotate(count=Count("pk"))
        .order_by()
    )
    last_days = dict(
        TaughtDay.objects.filter(cohort__in=enrolments.values("cohort"))
        .values("cohort")
        .annotate(last=Max("date"))
        .values_list("cohort", "last")
        .order_by()
    )
    waits = sorted(
        ((completed_on - last_days[cohort]).days, count)
        for cohort, completed_on, count in groups
        if cohort in last_days
    )
    return {
        "certificates": sum(count for _, _, count in groups),
        "days_to_certificate_median": _weighted_median(waits),
    }


def _weighted_median(values_and_counts):
    """The middle value (the lower of the two middle ones for an even count) of sorted
    (value, how many times) pairs."""
    middle = (sum(count for _, count in values_and_counts) - 1) // 2
    seen = 0
    for value, count in values_and_counts:
        seen += count
        if seen > middle:
            return value
    return None


def _evaluations(enrolments):
    means = SelfRating.objects.filter(enrolment__in=enrolments).aggregate(**self_rating_means())
    satisfaction = CourseEvaluation.objects.filter(enrolment__in=enrolments).aggregate(
        mean=Avg(items_mean(SATISFACTION_ITEMS))
    )
    return {
        "confidence_before": means["before"],
        "confidence_after": means["after"],
        "confidence_uplift": _difference(means["after"], means["before"]),
        "satisfaction": satisfaction["mean"],
    }


def _evaluations_by_sector(enrolments):
    """Confidence before and after, uplift and satisfaction for each sector that answered."""
    means = evaluation_means_by("sector", Q(enrolment__in=enrolments))
    return [
        {
            "sector": label,
            **means[sector],
            "uplift": _difference(means[sector]["after"], means[sector]["before"]),
        }
        for sector, label in Sector.choices
        if sector in means
    ]


def _difference(after, before):
    return None if after is None or before is None else after - before


def _median(queryset, field, count):
    """The middle value (the lower of the two middle ones for an even count), found by the
    database: sorted and offset, not read into Python."""
    count = queryset.count() if count is None else count
    if not count:
        return None
    return queryset.order_by(field).values_list(field, flat=True)[(count - 1) // 2]


def _share(part, whole):
    return round(100 * part / whole, 1) if whole else None
