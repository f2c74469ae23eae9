"""Many students at the same moment: the cohort's capacity holds. Needs PostgreSQL's row locks
(SQLite serialises every write anyway), so it runs on PostgreSQL, and CI always has that."""

import pytest
from django.db import connection

from enrolment import services
from enrolment.choices import EnrolmentState
from enrolment.models import Enrolment
from tests.concurrency import all_at_once, needs_postgresql
from tests.factories import CohortFactory, EnrolmentFactory, OrganisationFactory, UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), needs_postgresql]

CAPACITY = 3
STUDENTS = 12


def _applying(student, cohort, organisation):
    return lambda: services.enrolment_apply(
        student=student,
        cohort=cohort,
        organisation=organisation,
        job_title="Prison officer",
        sector=organisation.sector,
        region=organisation.region,
        works_with_women_in_cjs=False,
        line_manager_name="Lee Manager",
        line_manager_email="lee@example.org",
    )


def test_database_is_postgresql_in_ci():
    assert connection.vendor == "postgresql"


def test_simultaneous_applications_never_exceed_capacity():
    cohort = CohortFactory(capacity=CAPACITY, approval_required=False)
    organisation = OrganisationFactory()
    students = UserFactory.create_batch(STUDENTS)

    outcomes = all_at_once([_applying(student, cohort, organisation) for student in students])

    # Those who come after the last place join the waiting list.
    assert outcomes == ["ok"] * STUDENTS
    assert (
        Enrolment.objects.filter(cohort=cohort, state=EnrolmentState.ENROLLED).count() == CAPACITY
    )
    assert (
        Enrolment.objects.filter(cohort=cohort, state=EnrolmentState.WAITLISTED).count()
        == STUDENTS - CAPACITY
    )


def test_simultaneous_approvals_never_exceed_capacity(course_administrator):
    cohort = CohortFactory(capacity=CAPACITY)
    applications = EnrolmentFactory.create_batch(STUDENTS, cohort=cohort)

    outcomes = all_at_once(
        [
            lambda enrolment=enrolment: services.enrolment_approve(
                enrolment=enrolment, actor=course_administrator
            )
            for enrolment in applications
        ]
    )

    assert sorted(outcomes) == ["CohortFull"] * (STUDENTS - CAPACITY) + ["ok"] * CAPACITY
    assert (
        Enrolment.objects.filter(cohort=cohort, state=EnrolmentState.ENROLLED).count() == CAPACITY
    )


def test_the_same_student_applying_twice_at_once_gets_one_application():
    cohort = CohortFactory()
    organisation = OrganisationFactory()
    student = UserFactory()

    outcomes = all_at_once([_applying(student, cohort, organisation)] * 4)

    assert sorted(outcomes) == ["AlreadyApplied"] * 3 + ["ok"]
    assert Enrolment.objects.filter(student=student).count() == 1
