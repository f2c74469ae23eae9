"""Many students at the same moment: the cohort's capacity holds. Needs PostgreSQL's row locks
(SQLite serialises every write anyway), so it runs on PostgreSQL, and CI always has that."""

import os
import threading

import pytest
from django.db import connection, connections

from enrolment import services
from enrolment.choices import EnrolmentState
from enrolment.models import Enrolment
from imh_courses.exceptions import DomainError
from tests.factories import CohortFactory, EnrolmentFactory, OrganisationFactory, UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql" and not os.environ.get("CI"),
        reason="needs PostgreSQL (set DATABASE_URL); CI always runs it",
    ),
]

CAPACITY = 3
STUDENTS = 12


def _all_at_once(calls):
    """Run each call in its own thread and database connection, released together."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            call()
            outcomes[index] = "ok"
        except DomainError as error:
            outcomes[index] = type(error).__name__
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


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

    outcomes = _all_at_once([_applying(student, cohort, organisation) for student in students])

    assert sorted(outcomes) == ["CohortFull"] * (STUDENTS - CAPACITY) + ["ok"] * CAPACITY
    assert (
        Enrolment.objects.filter(cohort=cohort, state=EnrolmentState.ENROLLED).count() == CAPACITY
    )


def test_simultaneous_approvals_never_exceed_capacity(course_administrator):
    cohort = CohortFactory(capacity=CAPACITY)
    applications = EnrolmentFactory.create_batch(STUDENTS, cohort=cohort)

    outcomes = _all_at_once(
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

    outcomes = _all_at_once([_applying(student, cohort, organisation)] * 4)

    assert sorted(outcomes) == ["AlreadyApplied"] * 3 + ["ok"]
    assert Enrolment.objects.filter(student=student).count() == 1
