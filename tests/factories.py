import datetime

import factory
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.choices import Role, Sector
from accounts.models import Organisation, Region, User
from assessment.choices import SubmissionState
from assessment.models import Submission
from enrolment.choices import EnrolmentState
from enrolment.models import Enrolment
from modules.choices import CohortStatus
from modules.models import Cohort, Module, TaughtDay
from tests.documents import make_pdf

PASSWORD = "a-long-test-password"
SCRIPT_PDF = make_pdf("A test script.")  # every factory-made script, a real PDF


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"region-{n}")
    name = factory.Sequence(lambda n: f"Region {n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    sector = Sector.PRISON
    region = factory.SubFactory(RegionFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    given_name = factory.Faker("first_name")
    family_name = factory.Faker("last_name")
    certificate_name = factory.LazyAttribute(lambda user: f"{user.given_name} {user.family_name}")
    email_confirmed_at = factory.LazyFunction(timezone.now)
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def roles(self, create, roles):
        if create and roles:
            self.groups.add(*Group.objects.filter(name__in=roles))


class ModuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Module

    code = factory.Sequence(lambda n: f"KUF-{n}")
    title = factory.Sequence(lambda n: f"Module {n}")
    slug = factory.Sequence(lambda n: f"module-{n}")
    summary = "What the module is about."


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort

    module = factory.SubFactory(ModuleFactory)
    code = factory.Sequence(lambda n: f"COHORT-{n}")
    status = CohortStatus.OPEN
    start_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    end_date = factory.LazyAttribute(lambda c: c.start_date + datetime.timedelta(days=28))
    capacity = 20
    applications_open = factory.LazyAttribute(lambda c: c.start_date - datetime.timedelta(days=60))
    applications_close = factory.LazyAttribute(lambda c: c.start_date - datetime.timedelta(days=7))
    assignment_deadline = factory.LazyAttribute(
        lambda c: datetime.datetime.combine(
            c.end_date + datetime.timedelta(days=42), datetime.time(17), tzinfo=datetime.UTC
        )
    )


class TaughtDayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TaughtDay

    cohort = factory.SubFactory(CohortFactory)
    date = factory.LazyAttribute(lambda day: day.cohort.start_date)
    start_time = datetime.time(9, 30)
    end_time = datetime.time(16, 30)
    venue = "Institute of Mental Health, Nottingham"


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    student = factory.SubFactory(UserFactory, roles=[Role.STUDENT])
    cohort = factory.SubFactory(CohortFactory)
    state = EnrolmentState.APPLIED
    organisation = factory.SubFactory(OrganisationFactory)
    job_title = "Prison officer"
    sector = factory.LazyAttribute(lambda e: e.organisation.sector)
    region = factory.LazyAttribute(lambda e: e.organisation.region)
    line_manager_name = "Lee Manager"
    line_manager_email = "manager@example.org"
    waitlisted_at = factory.LazyAttribute(
        lambda e: timezone.now() if e.state == EnrolmentState.WAITLISTED else None
    )


class SubmissionFactory(factory.django.DjangoModelFactory):
    """A submitted script (a small PDF) waiting for marks; pass state= and outcome= for others."""

    class Meta:
        model = Submission

    enrolment = factory.SubFactory(EnrolmentFactory, state=EnrolmentState.ENROLLED)
    attempt = 1
    state = SubmissionState.NOT_MARKED
    kind = "pdf"
    filename = "assignment.pdf"
    file = factory.LazyFunction(lambda: ContentFile(SCRIPT_PDF, name="script.pdf"))
    file_size = 20
    sha256 = "0" * 64
    word_count = 2500
    submitted_at = factory.LazyFunction(timezone.now)
    marking_due = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=28))


def user_with_role(role: Role, **fields):
    staff = role in {Role.TUTOR, Role.COURSE_ADMINISTRATOR, Role.QUALITY_LEAD}
    return UserFactory(roles=[role], is_staff=staff, **fields)


def moderation_settled(submission):
    """Draw (if need be) the sample of the script's cohort and record an agreeing moderation,
    so the script may go for release."""
    from assessment.models import Moderation, ModerationSample

    sample, _ = ModerationSample.objects.get_or_create(
        cohort=submission.enrolment.cohort,
        attempt=submission.attempt,
        defaults={"scripts_in_cohort": 1},
    )
    return Moderation.objects.create(
        sample=sample,
        submission=submission,
        marker_outcome=submission.outcome,
        state="agreed",
        moderator=user_with_role(Role.QUALITY_LEAD),
        decision="agree",
        agreed_outcome=submission.outcome,
    )
