from django.db import models


class EnrolmentState(models.TextChoices):
    APPLIED = "applied", "Applied"
    WAITLISTED = "waitlisted", "On the waiting list"
    ENROLLED = "enrolled", "Enrolled"
    DECLINED = "declined", "Not offered a place"
    WITHDRAWN = "withdrawn", "Withdrawn"
    COMPLETED = "completed", "Completed"
    NOT_PASSED = "not_passed", "Not passed"


# States that hold one of the cohort's places. Completed and not passed students were
# enrolled: their places stay taken.
PLACE_HOLDING_STATES = [
    EnrolmentState.ENROLLED,
    EnrolmentState.COMPLETED,
    EnrolmentState.NOT_PASSED,
]
# Still waiting for a decision on the application.
PENDING_STATES = [EnrolmentState.APPLIED, EnrolmentState.WAITLISTED]
# A student may withdraw while the application or the course is in progress.
WITHDRAWABLE_STATES = [*PENDING_STATES, EnrolmentState.ENROLLED]


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "Present"
    PARTIAL = "partial", "Partly present"
    ABSENT = "absent", "Absent"
    CAUGHT_UP = "caught_up", "Authorised absence, catch-up completed"


# A taught day counts as attended for completion (and the reports) with one of these.
ATTENDED_STATUSES = [AttendanceStatus.PRESENT, AttendanceStatus.CAUGHT_UP]


PREFER_NOT_TO_SAY = "prefer_not_to_say", "Prefer not to say"


class Ethnicity(models.TextChoices):
    """The five high-level groups of the 2021 census for England and Wales."""

    ASIAN = "asian", "Asian or Asian British"
    BLACK = "black", "Black, Black British, Caribbean or African"
    MIXED = "mixed", "Mixed or multiple ethnic groups"
    WHITE = "white", "White"
    OTHER = "other", "Other ethnic group"
    PREFER_NOT_TO_SAY = PREFER_NOT_TO_SAY


class Disability(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    PREFER_NOT_TO_SAY = PREFER_NOT_TO_SAY


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    PREFER_NOT_TO_SAY = PREFER_NOT_TO_SAY


class AgeBand(models.TextChoices):
    UNDER_25 = "16-24", "16 to 24"
    FROM_25 = "25-34", "25 to 34"
    FROM_35 = "35-44", "35 to 44"
    FROM_45 = "45-54", "45 to 54"
    FROM_55 = "55-64", "55 to 64"
    FROM_65 = "65+", "65 or over"
    PREFER_NOT_TO_SAY = PREFER_NOT_TO_SAY
