from django.db import models


class CohortStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    OPEN = "open", "Open for applications"
    CLOSED = "closed", "Applications closed"
    RUNNING = "running", "Running"
    FINISHED = "finished", "Finished"


# Cohorts the public may see: everything but drafts.
PUBLISHED_STATUSES = [
    CohortStatus.OPEN,
    CohortStatus.CLOSED,
    CohortStatus.RUNNING,
    CohortStatus.FINISHED,
]


class DeliveryMode(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    ONLINE = "online", "Online"
    BLENDED = "blended", "Blended (in person and online)"
