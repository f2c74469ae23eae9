"""Recording a student's self-ratings and end-of-course evaluation: each once."""

from django.db import IntegrityError, transaction

from evaluations.choices import SATISFACTION_ITEMS, SELF_RATING_ITEMS
from evaluations.models import CourseEvaluation, SelfRating
from evaluations.selectors import course_evaluation_open, self_rating_open
from imh_courses.exceptions import DomainError


class AlreadyAnswered(DomainError):
    pass


@transaction.atomic
def self_rating_record(*, enrolment, stage, ratings):
    """Store one self-rating; `ratings` maps each item of SELF_RATING_ITEMS to 1..10."""
    if not self_rating_open(enrolment=enrolment, stage=stage):
        raise AlreadyAnswered("This rating is answered already, or not open yet.")
    _check_scale(ratings, SELF_RATING_ITEMS, 10)
    try:
        with transaction.atomic():
            return SelfRating.objects.create(enrolment=enrolment, stage=stage, **ratings)
    except IntegrityError:
        raise AlreadyAnswered("This rating is answered already.") from None


@transaction.atomic
def course_evaluation_record(*, enrolment, ratings, went_well="", improve=""):
    """Store the end-of-course evaluation; `ratings` maps each of SATISFACTION_ITEMS to 1..5."""
    if not course_evaluation_open(enrolment=enrolment):
        raise AlreadyAnswered("The evaluation is answered already, or not open yet.")
    _check_scale(ratings, SATISFACTION_ITEMS, 5)
    try:
        with transaction.atomic():
            return CourseEvaluation.objects.create(
                enrolment=enrolment, went_well=went_well.strip(), improve=improve.strip(), **ratings
            )
    except IntegrityError:
        raise AlreadyAnswered("The evaluation is answered already.") from None


def _check_scale(ratings, items, top):
    if set(ratings) != set(items) or not all(
        isinstance(v, int) and 1 <= v <= top for v in ratings.values()
    ):
        raise DomainError(f"Answer every question with a number from 1 to {top}.")
