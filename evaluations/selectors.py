"""Reads of the questionnaires: which one a student may answer now, and their means in
aggregate (the oversight dashboard and the evaluation report)."""

from django.db.models import Avg, Count, F, Q

from assessment.choices import SubmissionState
from enrolment.choices import EnrolmentState
from evaluations.choices import SATISFACTION_ITEMS, SELF_RATING_ITEMS, RatingStage
from evaluations.models import CourseEvaluation, SelfRating


def self_rating_open(*, enrolment, stage):
    """Whether the student may give this rating now: before, once enrolled; after, once an
    assignment is submitted."""
    if enrolment.self_ratings.filter(stage=stage).exists():
        return False
    if stage == RatingStage.BEFORE:
        return enrolment.state == EnrolmentState.ENROLLED
    return _has_submitted(enrolment)


def course_evaluation_open(*, enrolment):
    return (
        _has_submitted(enrolment)
        and not CourseEvaluation.objects.filter(enrolment=enrolment).exists()
    )


def items_mean(items):
    """The mean of a questionnaire's items, as an expression."""
    return sum(F(item) for item in items) / float(len(items))


def self_rating_means():
    """Mean self-rating (the mean of a questionnaire's items) at each stage, as aggregates."""
    return {
        "before": Avg(items_mean(SELF_RATING_ITEMS), filter=Q(stage=RatingStage.BEFORE)),
        "after": Avg(items_mean(SELF_RATING_ITEMS), filter=Q(stage=RatingStage.AFTER)),
    }


def evaluation_means_by(field, condition):
    """For each value of the enrolments' `field` among the self-ratings and evaluations that
    `condition` (a Q through "enrolment__") selects: students rating themselves ("answered"),
    mean confidence "before" and "after", "evaluations" and mean "satisfaction". Two grouped
    aggregates."""
    group = f"enrolment__{field}"
    ratings = {
        row.pop(group): row
        for row in SelfRating.objects.filter(condition)
        .values(group)
        .annotate(**self_rating_means(), answered=Count("enrolment", distinct=True))
        .order_by()
    }
    evaluations = {
        row.pop(group): row
        for row in CourseEvaluation.objects.filter(condition)
        .values(group)
        .annotate(satisfaction=Avg(items_mean(SATISFACTION_ITEMS)), evaluations=Count("pk"))
        .order_by()
    }
    nothing = {"answered": 0, "before": None, "after": None, "evaluations": 0, "satisfaction": None}
    return {
        value: {**nothing, **ratings.get(value, {}), **evaluations.get(value, {})}
        for value in ratings.keys() | evaluations.keys()
    }


def _has_submitted(enrolment):
    return enrolment.submissions.exclude(state=SubmissionState.DRAFT).exists()
