from django.db import models


class Role(models.TextChoices):
    """The portal's roles. Each is a Group of that name, created by a data migration."""

    STUDENT = "Student"
    TUTOR = "Tutor"
    COURSE_ADMINISTRATOR = "Course administrator"
    QUALITY_LEAD = "Quality Lead"
    KPOG_MEMBER = "KPOG member"
    # The committee's chair: writes and signs off KPOG reviews, like the Quality Lead.
    KPOG_CHAIR = "KPOG chair"
    COMMISSIONER = "Commissioner"


class Sector(models.TextChoices):
    PRISON = "prison", "Prison"
    PROBATION = "probation", "Probation Service"
    NHS = "nhs", "NHS / local health provider"
    DRUG_ALCOHOL = "drug_alcohol", "Drug and alcohol agency"
    VOLUNTARY = "voluntary", "Voluntary sector"
    POLICE = "police", "Police"
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    OTHER = "other", "Other"
