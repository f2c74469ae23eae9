import pytest

from accounts.choices import Role
from assessment.choices import SubmissionState
from assessment.display import BLIND_STUDENT, script_file_name, script_student
from assessment.rules import may_see_student_name
from tests.factories import CohortFactory, EnrolmentFactory, SubmissionFactory, user_with_role

pytestmark = pytest.mark.django_db

St = SubmissionState


@pytest.mark.parametrize(
    ("role", "blind", "state", "sees_name"),
    [
        (Role.TUTOR, False, St.NOT_MARKED, True),
        (Role.TUTOR, True, St.NOT_MARKED, False),
        (Role.TUTOR, True, St.MARKED, False),
        (Role.TUTOR, True, St.READY_FOR_RELEASE, False),
        (Role.TUTOR, True, St.RELEASED, True),
        (Role.COURSE_ADMINISTRATOR, True, St.NOT_MARKED, True),
        (Role.QUALITY_LEAD, True, St.MARKED, True),
    ],
)
def test_who_may_see_the_students_name(role, blind, state, sees_name):
    cohort = CohortFactory(blind_marking=blind)
    viewer = user_with_role(role)
    cohort.tutors.add(viewer)
    marks = {} if state == St.NOT_MARKED else {"outcome": "pass", "feedback": "Sound."}
    submission = SubmissionFactory(enrolment=EnrolmentFactory(cohort=cohort), state=state, **marks)
    student = submission.enrolment.student

    assert may_see_student_name(viewer, submission) is sees_name
    assert script_student(submission, viewer=viewer) == (
        student.full_name if sees_name else BLIND_STUDENT
    )
    assert (student.family_name in script_file_name(submission, viewer=viewer)) is sees_name
    assert script_file_name(submission, viewer=viewer).startswith(submission.reference)
