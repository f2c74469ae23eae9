from django.db import models
from django.utils import timezone

from evaluations.choices import SATISFACTION_ITEMS, SELF_RATING_ITEMS, RatingStage


def _rating_field(label, top):
    return models.PositiveSmallIntegerField(label, help_text=f"1 to {top}")


class SelfRating(models.Model):
    """A student's own rating of their confidence and competence, once at enrolment and once at
    submission: the pair shows the course's uplift."""

    enrolment = models.ForeignKey(
        "enrolment.Enrolment", on_delete=models.CASCADE, related_name="self_ratings"
    )
    stage = models.CharField(max_length=6, choices=RatingStage.choices)
    answered_at = models.DateTimeField(default=timezone.now)
    understanding = _rating_field(SELF_RATING_ITEMS["understanding"], 10)
    confidence = _rating_field(SELF_RATING_ITEMS["confidence"], 10)
    self_awareness = _rating_field(SELF_RATING_ITEMS["self_awareness"], 10)
    joint_working = _rating_field(SELF_RATING_ITEMS["joint_working"], 10)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "stage"], name="self_rating_once_per_stage"
            ),
            models.CheckConstraint(
                condition=models.Q(stage__in=RatingStage.values), name="self_rating_stage_valid"
            ),
            *[
                models.CheckConstraint(
                    condition=models.Q(**{f"{item}__gte": 1, f"{item}__lte": 10}),
                    name=f"self_rating_{item}_1_to_10",
                )
                for item in SELF_RATING_ITEMS
            ],
        ]

    def __str__(self):
        return f"Self-rating {self.get_stage_display().lower()} #{self.pk}"


class CourseEvaluation(models.Model):
    """The end-of-course evaluation: satisfaction on a five-point scale, and comments."""

    enrolment = models.OneToOneField(
        "enrolment.Enrolment", on_delete=models.CASCADE, related_name="course_evaluation"
    )
    answered_at = models.DateTimeField(default=timezone.now)
    relevant = _rating_field(SATISFACTION_ITEMS["relevant"], 5)
    teaching = _rating_field(SATISFACTION_ITEMS["teaching"], 5)
    assessment = _rating_field(SATISFACTION_ITEMS["assessment"], 5)
    recommend = _rating_field(SATISFACTION_ITEMS["recommend"], 5)
    went_well = models.TextField("What went well", blank=True, max_length=3000)
    improve = models.TextField("What could be better", blank=True, max_length=3000)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(**{f"{item}__gte": 1, f"{item}__lte": 5}),
                name=f"course_evaluation_{item}_1_to_5",
            )
            for item in SATISFACTION_ITEMS
        ]

    def __str__(self):
        return f"Course evaluation #{self.pk}"
