from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from modules.choices import CohortStatus, DeliveryMode


class Module(models.Model):
    """A KUF short course. Its texts are content, edited in the admin and shown as plain text."""

    code = models.CharField(max_length=20, unique=True)
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    summary = models.TextField(max_length=5000)
    rationale = models.TextField(blank=True, max_length=5000)
    key_purpose = models.TextField(blank=True, max_length=5000)
    learning_outcomes = models.TextField(
        blank=True, help_text="One outcome per line.", max_length=5000
    )
    context_heading = models.CharField(max_length=200, blank=True)
    context = models.TextField(
        blank=True,
        help_text="Background shown on the module page, e.g. the strategy it serves.",
        max_length=10000,
    )
    assessment_title = models.CharField(max_length=200, blank=True)
    assessment_guidance = models.TextField(blank=True, max_length=10000)
    word_limit = models.PositiveIntegerField(default=3000)
    pass_rule = models.TextField(blank=True, max_length=5000)
    certificate_wording = models.TextField(blank=True, max_length=2000)
    is_active = models.BooleanField(default=True)
    display_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["display_order", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("module_detail", kwargs={"slug": self.slug})

    @property
    def learning_outcome_list(self):
        return [line.strip() for line in self.learning_outcomes.splitlines() if line.strip()]


class Cohort(models.Model):
    """One run of a module: dates, places, tutors and funding."""

    module = models.ForeignKey(Module, on_delete=models.PROTECT, related_name="cohorts")
    code = models.CharField(max_length=40, unique=True)
    status = models.CharField(
        max_length=10, choices=CohortStatus.choices, default=CohortStatus.DRAFT
    )
    start_date = models.DateField()
    end_date = models.DateField()
    delivery_mode = models.CharField(
        max_length=10, choices=DeliveryMode.choices, default=DeliveryMode.IN_PERSON
    )
    venue = models.CharField(max_length=200, blank=True)
    capacity = models.PositiveIntegerField(help_text="Places on the cohort.")
    approval_required = models.BooleanField(
        default=True,
        help_text="A course administrator approves each application. Untick to give places "
        "at once, first come first served, while places are left.",
    )
    applications_open = models.DateField()
    applications_close = models.DateField()
    assignment_deadline = models.DateTimeField()
    cutoff_days = models.PositiveSmallIntegerField(
        "late submissions accepted for (days)",
        default=7,
        help_text="After the deadline (or an extension's), late work is accepted for this many "
        "days, flagged late; after that nothing is accepted.",
    )
    submission_opens = models.DateField(
        null=True,
        blank=True,
        help_text="The day students may upload their assignment from. Empty: the first taught "
        "day (at once, for a cohort with no taught days).",
    )
    attendance_required = models.PositiveSmallIntegerField(
        "taught days to attend",
        null=True,
        blank=True,
        help_text="To complete the course (and get the certificate) a student attends this many "
        "taught days; an authorised absence with the catch-up completed counts as attended. "
        "Empty: every taught day.",
    )
    resubmission_weeks = models.PositiveSmallIntegerField(
        default=4, help_text="Weeks a referred student has to resubmit, from the release of marks."
    )
    funding_regions = models.ManyToManyField(
        "accounts.Region", related_name="funded_cohorts", blank=True
    )
    funding_reference = models.CharField(
        "commissioner funding reference", max_length=100, blank=True
    )
    tutors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="tutored_cohorts", blank=True
    )
    blind_marking = models.BooleanField(default=False)

    class Meta:
        ordering = ["start_date", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=CohortStatus.values), name="cohort_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="cohort_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(applications_close__gte=models.F("applications_open")),
                name="cohort_applications_close_after_open",
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__gt=0), name="cohort_capacity_positive"
            ),
        ]

    def __str__(self):
        return f"{self.code}: {self.module.title}"

    @property
    def is_taking_applications(self):
        """Open, and today is within the application window (London dates)."""
        today = timezone.localdate()
        return (
            self.status == CohortStatus.OPEN
            and self.applications_open <= today <= self.applications_close
        )


class TaughtDay(models.Model):
    """One taught session of a cohort: a date and times, in a venue or online."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="taught_days")
    date = models.DateField()
    start_time = models.TimeField()
    end_time = models.TimeField()
    is_online = models.BooleanField(default=False)
    venue = models.CharField(max_length=200, blank=True, help_text="Leave blank when online.")

    class Meta:
        ordering = ["date", "start_time"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "date"], name="taught_day_once_per_date"),
            models.CheckConstraint(
                condition=models.Q(end_time__gt=models.F("start_time")),
                name="taught_day_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(is_online=True) | ~models.Q(venue=""),
                name="taught_day_has_venue_or_is_online",
            ),
        ]

    def __str__(self):
        return f"{self.cohort.code} on {self.date:%d/%m/%Y}"

    @property
    def place(self):
        return "Online" if self.is_online else self.venue
