"""Demo evaluations for `seed_demo`: ratings before and after, and course evaluations, from the
learners (the demo logins answer their own)."""

from assessment.choices import SubmissionState
from enrolment.choices import PLACE_HOLDING_STATES
from enrolment.models import Enrolment
from evaluations.choices import SATISFACTION_ITEMS, SELF_RATING_ITEMS, RatingStage
from evaluations.models import CourseEvaluation, SelfRating

COMMENTS = [
    ("The case discussions with prison and NHS colleagues.", "More time on the assignment."),
    ("Thinking about my own reactions.", ""),
    ("", "Fewer slides, more practice."),
]


def seed_evaluations():
    learners = Enrolment.objects.exclude(student__email__startswith="student").filter(
        state__in=PLACE_HOLDING_STATES
    )
    for index, enrolment in enumerate(learners.order_by("pk")):
        before = 3 + index % 3
        _rating(enrolment, RatingStage.BEFORE, before)
        submitted = enrolment.submissions.exclude(state=SubmissionState.DRAFT).exists()
        if submitted:
            _rating(enrolment, RatingStage.AFTER, min(before + 2 + index % 4, 10))
            went_well, improve = COMMENTS[index % len(COMMENTS)]
            CourseEvaluation.objects.update_or_create(
                enrolment=enrolment,
                defaults={
                    **{item: 3 + (index + n) % 3 for n, item in enumerate(SATISFACTION_ITEMS)},
                    "went_well": went_well,
                    "improve": improve,
                },
            )
    return SelfRating.objects.count()


def _rating(enrolment, stage, score):
    SelfRating.objects.update_or_create(
        enrolment=enrolment,
        stage=stage,
        defaults={item: max(1, score - n % 2) for n, item in enumerate(SELF_RATING_ITEMS)},
    )
