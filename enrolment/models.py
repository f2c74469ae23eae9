from django.conf import settings
from django.db import models
from django.utils import timezone

from accounts.choices import Sector
from enrolment.choices import (
    AgeBand,
    AttendanceStatus,
    Disability,
    EnrolmentState,
    Ethnicity,
    Sex,
)


class Enrolment(models.Model):
    """A student's place on a cohort, from application to completion.

    Only the services in enrolment.services change `state`.
    """

    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="enrolments"
    )
    cohort = models.ForeignKey(
        "modules.Cohort", on_delete=models.PROTECT, related_name="enrolments"
    )
    state = models.CharField(
        max_length=12, choices=EnrolmentState.choices, default=EnrolmentState.APPLIED
    )
    # The applicant's job at the time of applying: reports count by these, not by today's job.
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="enrolments"
    )
    job_title = models.CharField(max_length=150)
    sector = models.CharField(max_length=20, choices=Sector.choices)
    region = models.ForeignKey("accounts.Region", on_delete=models.PROTECT, related_name="+")
    works_with_women_in_cjs = models.BooleanField(
        "works with women in the criminal justice system", default=False
    )
    line_manager_name = models.CharField("line manager's name", max_length=150)
    line_manager_email = models.EmailField("line manager's email")
    reasonable_adjustments = models.TextField(blank=True, max_length=2000)

    applied_at = models.DateTimeField(default=timezone.now)
    waitlisted_at = models.DateTimeField(null=True, blank=True)
    state_changed_at = models.DateTimeField(default=timezone.now)
    withdrawal_reason = models.TextField(blank=True, max_length=2000)

    class Meta:
        ordering = ["-applied_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["student", "cohort"], name="enrolment_one_per_student_and_cohort"
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=EnrolmentState.values), name="enrolment_state_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(sector__in=Sector.values), name="enrolment_sector_valid"
            ),
            models.CheckConstraint(
                condition=~models.Q(state=EnrolmentState.WAITLISTED)
                | models.Q(waitlisted_at__isnull=False),
                name="enrolment_waitlisted_has_time",
            ),
        ]
        indexes = [models.Index(fields=["cohort", "state"])]

    def __str__(self):
        return f"{self.student.full_name} on {self.cohort.code}"


class EqualityMonitoring(models.Model):
    """Optional equality answers for one application, kept apart from it.

    Nobody sees a row; reports only count them, with small numbers suppressed. There is no admin
    page for this model on purpose.
    """

    enrolment = models.OneToOneField(
        Enrolment, on_delete=models.CASCADE, related_name="equality_monitoring"
    )
    ethnicity = models.CharField(max_length=20, choices=Ethnicity.choices, blank=True)
    disability = models.CharField(max_length=20, choices=Disability.choices, blank=True)
    sex = models.CharField(max_length=20, choices=Sex.choices, blank=True)
    age_band = models.CharField(max_length=20, choices=AgeBand.choices, blank=True)
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ethnicity__in=["", *Ethnicity.values])
                & models.Q(disability__in=["", *Disability.values])
                & models.Q(sex__in=["", *Sex.values])
                & models.Q(age_band__in=["", *AgeBand.values]),
                name="equality_monitoring_answers_valid",
            )
        ]

    def __str__(self):
        return f"Equality monitoring #{self.pk}"


class Attendance(models.Model):
    """Whether an enrolled student attended one taught day, as the tutor recorded it."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendance")
    taught_day = models.ForeignKey(
        "modules.TaughtDay", on_delete=models.CASCADE, related_name="attendance"
    )
    status = models.CharField(max_length=10, choices=AttendanceStatus.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["taught_day__date"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "taught_day"], name="attendance_once_per_day"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=AttendanceStatus.values),
                name="attendance_status_valid",
            ),
        ]

    def __str__(self):
        return f"{self.enrolment} on {self.taught_day.date:%d/%m/%Y}: {self.get_status_display()}"
