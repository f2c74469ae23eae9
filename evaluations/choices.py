from django.db import models


class RatingStage(models.TextChoices):
    BEFORE = "before", "At enrolment"
    AFTER = "after", "At submission"


# The self-rating items, each from 1 (not at all) to 10 (completely).
SELF_RATING_ITEMS = {
    "understanding": "I understand what personality disorder is and how it can affect a person.",
    "confidence": "I feel confident engaging with people who have a personality disorder.",
    "self_awareness": "I can recognise how my own responses affect my work with them.",
    "joint_working": "I know how to work with colleagues in other services to support them.",
}

# The end-of-course items, each from 1 (strongly disagree) to 5 (strongly agree).
SATISFACTION_ITEMS = {
    "relevant": "The course was relevant to my work.",
    "teaching": "The teaching helped me learn.",
    "assessment": "The assignment was clear and fair.",
    "recommend": "I would recommend the course to a colleague.",
}

AGREEMENT = [
    (1, "1: strongly disagree"),
    (2, "2: disagree"),
    (3, "3: neither agree nor disagree"),
    (4, "4: agree"),
    (5, "5: strongly agree"),
]
