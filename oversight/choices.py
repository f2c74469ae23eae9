from django.db import models


class ReviewKind(models.TextChoices):
    KPOG = "kpog", "KPOG committee review"
    QUALITY_LEAD = "quality_lead", "Quality Lead review"


class ReviewState(models.TextChoices):
    DRAFT = "draft", "Draft"
    SIGNED_OFF = "signed_off", "Signed off"


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"
