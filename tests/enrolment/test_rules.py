import pytest

from enrolment.choices import EnrolmentState
from enrolment.rules import can_be_withdrawn
from tests.factories import CohortFactory, EnrolmentFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role_fixture", "allowed"),
    [
        ("course_administrator", True),
        ("tutor", False),
        ("quality_lead", False),
        ("student", False),
        ("commissioner", False),
    ],
)
def test_take_register_is_for_administrators_and_the_cohorts_own_tutors(
    request, role_fixture, allowed
):
    user = request.getfixturevalue(role_fixture)
    assert user.has_perm("enrolment.take_register", CohortFactory()) is allowed


def test_allocated_tutor_may_take_the_register(tutor):
    cohort = CohortFactory()
    cohort.tutors.add(tutor)
    assert tutor.has_perm("enrolment.take_register", cohort) is True


@pytest.mark.parametrize(
    ("state", "withdrawable"),
    [(state, state in {"applied", "waitlisted", "enrolled"}) for state in EnrolmentState],
)
def test_can_be_withdrawn_by_state(student, state, withdrawable):
    assert can_be_withdrawn(student, EnrolmentFactory(state=state)) is withdrawable
