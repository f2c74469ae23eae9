from django.db import models


class SubmissionState(models.TextChoices):
    DRAFT = "draft", "Draft (not submitted)"
    NOT_MARKED = "not_marked", "Submitted, not marked"
    IN_MARKING = "in_marking", "In marking"
    MARKED = "marked", "Marked"
    READY_FOR_RELEASE = "ready", "Ready for release"
    RELEASED = "released", "Released"


# Submitted and waiting for a marker to finish.
AWAITING_MARKS = [SubmissionState.NOT_MARKED, SubmissionState.IN_MARKING]
# A marker may (re)write the outcome and feedback.
MARKABLE_STATES = [*AWAITING_MARKS, SubmissionState.MARKED]
# States that hold an outcome and feedback.
MARKED_STATES = [
    SubmissionState.MARKED,
    SubmissionState.READY_FOR_RELEASE,
    SubmissionState.RELEASED,
]


class Outcome(models.TextChoices):
    PASS = "pass", "Pass"
    REFER = "refer", "Refer (resubmit)"
    FAIL = "fail", "Fail"


class ExtensionState(models.TextChoices):
    REQUESTED = "requested", "Requested"
    GRANTED = "granted", "Granted"
    REFUSED = "refused", "Refused"


MAX_ATTEMPTS = 2


class ModerationState(models.TextChoices):
    PENDING = "pending", "To moderate"
    AGREED = "agreed", "Agreed"
    DISAGREED = "disagreed", "Disagreement to resolve"
    RESOLVED = "resolved", "Disagreement resolved"


# A sampled script may go for release once its moderation reached one of these.
MODERATION_SETTLED_STATES = [ModerationState.AGREED, ModerationState.RESOLVED]


class ModerationDecision(models.TextChoices):
    AGREE = "agree", "Agree with the mark"
    DISAGREE = "disagree", "Disagree"
