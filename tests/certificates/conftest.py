import pytest

from accounts.choices import Role
from enrolment.choices import EnrolmentState
from tests.factories import CohortFactory, EnrolmentFactory, ModuleFactory, UserFactory


@pytest.fixture
def completed_enrolment(db):
    module = ModuleFactory(title="Engaging effectively with offenders with personality disorder")
    cohort = CohortFactory(module=module, code="KUF-OPD-T")
    student = UserFactory(
        given_name="Rowan",
        family_name="Ellis",
        certificate_name="Rowan Ellis",
        roles=[Role.STUDENT],
    )
    return EnrolmentFactory(student=student, cohort=cohort, state=EnrolmentState.COMPLETED)
