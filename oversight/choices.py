from django.db import models


class ModerationState(models.TextChoices):
    PENDING = "pending", "To moderate"
    AGREED = "agreed", "Agreed"
    DISAGREED = "disagreed", "Disagreement to resolve"
    RESOLVED = "resolved", "Disagreement resolved"


# A sampled script may go for release once its moderation reached one of these.
SETTLED_STATES = [ModerationState.AGREED, ModerationState.RESOLVED]


class ModerationDecision(models.TextChoices):
    AGREE = "agree", "Agree with the mark"
    DISAGREE = "disagree", "Disagree"


class ReviewKind(models.TextChoices):
    KPOG = "kpog", "KPOG committee review"
    QUALITY_LEAD = "quality_lead", "Quality Lead review"


class ReviewState(models.TextChoices):
    DRAFT = "draft", "Draft"
    SIGNED_OFF = "signed_off", "Signed off"


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"
