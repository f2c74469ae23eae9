"""Completion criteria: the course taught, its attendance criterion met, the assignment passed;
only then the enrolment completes and the certificate is issued, exactly once."""

import datetime

import pytest
from django.utils import timezone

from assessment import services
from assessment.choices import Outcome, SubmissionState
from certificates.models import Certificate
from enrolment.choices import AttendanceStatus, EnrolmentState
from enrolment.models import Attendance
from imh_courses.exceptions import TransitionError
from tests.documents import make_pdf
from tests.factories import (
    CohortFactory,
    EnrolmentFactory,
    SubmissionFactory,
    TaughtDayFactory,
)

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def _cohort(*, first_day, days=3, **fields):
    cohort = CohortFactory(**fields)
    for n in range(days):
        TaughtDayFactory(cohort=cohort, date=first_day + 7 * n * DAY)
    return cohort


def _taught_cohort(**fields):
    """A cohort whose three taught days are over."""
    return _cohort(first_day=timezone.localdate() - 30 * DAY, **fields)


def _passed_script(cohort):
    enrolment = EnrolmentFactory(cohort=cohort, state=EnrolmentState.ENROLLED)
    return SubmissionFactory(
        enrolment=enrolment,
        state=SubmissionState.READY_FOR_RELEASE,
        outcome=Outcome.PASS,
        feedback="A clear formulation.",
    )


def _attend(enrolment, statuses):
    for day, status in zip(enrolment.cohort.taught_days.order_by("date"), statuses, strict=True):
        Attendance.objects.create(enrolment=enrolment, taught_day=day, status=status)


P, A, C = AttendanceStatus.PRESENT, AttendanceStatus.ABSENT, AttendanceStatus.CAUGHT_UP


def test_upload_before_submission_opens_is_refused_with_the_date():
    cohort = _cohort(first_day=timezone.localdate() + 10 * DAY)
    enrolment = EnrolmentFactory(cohort=cohort, state=EnrolmentState.ENROLLED)
    opens = cohort.taught_days.order_by("date").first().date

    with pytest.raises(services.SubmissionClosed, match=f"{opens:%d/%m/%Y}"):
        services.submission_upload(
            enrolment=enrolment, student=enrolment.student, data=make_pdf(), filename="a.pdf"
        )
    assert not enrolment.submissions.exists()


def test_the_assignment_page_says_when_submission_opens(client):
    cohort = _cohort(first_day=timezone.localdate() + 10 * DAY)
    enrolment = EnrolmentFactory(cohort=cohort, state=EnrolmentState.ENROLLED)
    client.force_login(enrolment.student)

    page = client.get(f"/assessment/enrolments/{enrolment.pk}/").content.decode()

    assert "Submission opens on" in page
    assert 'action="/assessment/enrolments/' not in page.split("Submissions and feedback")[0]


def test_the_cohort_may_open_submission_on_a_day_of_its_own():
    cohort = _cohort(
        first_day=timezone.localdate() + 10 * DAY,
        submission_opens=timezone.localdate() - DAY,
    )
    enrolment = EnrolmentFactory(cohort=cohort, state=EnrolmentState.ENROLLED)

    draft = services.submission_upload(
        enrolment=enrolment, student=enrolment.student, data=make_pdf(), filename="a.pdf"
    )

    assert draft.state == SubmissionState.DRAFT


def test_no_release_before_the_last_taught_day(course_administrator):
    cohort = _cohort(first_day=timezone.localdate() - 7 * DAY)  # its last day is next week
    script = _passed_script(cohort)

    with pytest.raises(TransitionError, match="last taught day"):
        services.submission_release(submission=script, actor=course_administrator)

    script.refresh_from_db()
    assert script.state == SubmissionState.READY_FOR_RELEASE
    assert not Certificate.objects.exists()


def test_a_pass_with_attendance_met_completes_and_certifies_not_before_the_last_day(
    course_administrator,
):
    script = _passed_script(_taught_cohort())
    enrolment = script.enrolment
    _attend(enrolment, [P, P, C])

    services.submission_release(submission=script, actor=course_administrator)

    enrolment.refresh_from_db()
    last_day = enrolment.cohort.taught_days.order_by("date").last().date
    assert enrolment.state == EnrolmentState.COMPLETED
    assert enrolment.certificate.completed_on >= last_day


def test_a_pass_without_attendance_waits_then_a_catch_up_issues_one_certificate(
    course_administrator, tutor
):
    script = _passed_script(_taught_cohort())
    enrolment = script.enrolment
    _attend(enrolment, [P, A, P])

    services.submission_release(submission=script, actor=course_administrator)

    enrolment.refresh_from_db()
    script.refresh_from_db()
    assert script.state == SubmissionState.RELEASED
    assert enrolment.state == EnrolmentState.ENROLLED
    assert not Certificate.objects.exists()

    missed = enrolment.cohort.taught_days.order_by("date")[1]
    enrolment.cohort.tutors.add(tutor)
    for _ in range(2):  # saving the register again issues nothing more
        services.register_record(taught_day=missed, statuses={enrolment.pk: C}, actor=tutor)

    enrolment.refresh_from_db()
    assert enrolment.state == EnrolmentState.COMPLETED
    assert Certificate.objects.filter(enrolment=enrolment).count() == 1


def test_a_smaller_attendance_criterion_is_enough(course_administrator):
    script = _passed_script(_taught_cohort(attendance_required=2))
    _attend(script.enrolment, [P, A, P])

    services.submission_release(submission=script, actor=course_administrator)

    assert Certificate.objects.filter(enrolment=script.enrolment).count() == 1


def test_partly_present_is_not_attended(course_administrator):
    script = _passed_script(_taught_cohort())
    _attend(script.enrolment, [P, AttendanceStatus.PARTIAL, P])

    services.submission_release(submission=script, actor=course_administrator)

    assert not Certificate.objects.exists()


def test_a_cohort_without_taught_days_has_no_attendance_criterion(course_administrator):
    script = _passed_script(CohortFactory())

    services.submission_release(submission=script, actor=course_administrator)

    assert Certificate.objects.filter(enrolment=script.enrolment).count() == 1


def test_the_dashboard_says_the_certificate_awaits_attendance(client, course_administrator):
    script = _passed_script(_taught_cohort())
    _attend(script.enrolment, [P, A, A])
    services.submission_release(submission=script, actor=course_administrator)
    client.force_login(script.enrolment.student)

    page = " ".join(client.get("/dashboard/").content.decode().split())

    assert "Passed: your certificate awaits attendance." in page
    assert "1 of the 3 taught days needed are recorded as attended" in page


def test_a_catch_up_recorded_on_the_register_page_issues_the_certificate(
    client, course_administrator, tutor
):
    script = _passed_script(_taught_cohort())
    enrolment = script.enrolment
    _attend(enrolment, [P, A, P])
    services.submission_release(submission=script, actor=course_administrator)
    missed = enrolment.cohort.taught_days.order_by("date")[1]
    enrolment.cohort.tutors.add(tutor)
    client.force_login(tutor)

    response = client.post(
        f"/admin/enrolment/attendance/registers/{missed.pk}/", {f"enrolment_{enrolment.pk}": C}
    )

    assert response.status_code == 302
    assert Certificate.objects.filter(enrolment=enrolment).count() == 1
