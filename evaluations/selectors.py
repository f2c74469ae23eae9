"""Reads of the questionnaires: which one a student may answer now, and their means in
aggregate (the oversight dashboard and the evaluation report)."""

from django.db.models import Avg, Count, F, Q

from assessment.timeline import enrolment_timeline
from enrolment.choices import PLACE_HOLDING_STATES, EnrolmentState
from evaluations.choices import SATISFACTION_ITEMS, SELF_RATING_ITEMS, RatingStage
from evaluations.models import CourseEvaluation, SelfRating


def self_rating_open(*, enrolment, stage):
    """Whether the student may give this rating now: before the course, while enrolled until
    the end of the first taught day; after it, from the end of the last (the enrolment's
    timeline). Each once."""
    if enrolment.self_ratings.filter(stage=stage).exists():
        return False
    timeline = enrolment_timeline(enrolment=enrolment)
    if stage == RatingStage.BEFORE:
        return enrolment.state == EnrolmentState.ENROLLED and timeline.before_rating_open
    return enrolment.state in PLACE_HOLDING_STATES and timeline.after_course_open


def course_evaluation_open(*, enrolment):
    """The course evaluation: from the end of the last taught day, once."""
    if CourseEvaluation.objects.filter(enrolment=enrolment).exists():
        return False
    timeline = enrolment_timeline(enrolment=enrolment)
    return enrolment.state in PLACE_HOLDING_STATES and timeline.after_course_open


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
