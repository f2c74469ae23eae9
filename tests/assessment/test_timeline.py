"""One timeline: every page, email and the admin show the deadline enrolment_timeline works
out, with and without an extension, and through a resubmission window."""

import datetime

import pytest
from django.core import mail
from django.utils import dateformat, timezone

from accounts.choices import Role
from assessment import services
from assessment.choices import ExtensionState, Outcome, SubmissionState
from assessment.models import Extension
from assessment.timeline import enrolment_timeline
from enrolment.choices import EnrolmentState
from enrolment.services import enrolment_email_send
from tests.documents import make_pdf
from tests.factories import EnrolmentFactory, SubmissionFactory, TaughtDayFactory, user_with_role

pytestmark = pytest.mark.django_db

WEEK = datetime.timedelta(days=7)


def _enrolment():
    """Enrolled on a cohort whose first taught day was yesterday: submission is open."""
    enrolment = EnrolmentFactory(state=EnrolmentState.ENROLLED)
    TaughtDayFactory(cohort=enrolment.cohort, date=timezone.localdate() - datetime.timedelta(1))
    return enrolment


def _extension(enrolment, state):
    Extension.objects.create(
        enrolment=enrolment,
        reason="Ill",
        requested_deadline=enrolment.cohort.assignment_deadline + 2 * WEEK,
        state=state,
    )


def _referred(enrolment, resubmission_deadline):
    SubmissionFactory(
        enrolment=enrolment,
        state=SubmissionState.RELEASED,
        outcome=Outcome.REFER,
        feedback="More formulation, please.",
        released_at=timezone.now(),
        resubmission_deadline=resubmission_deadline,
    )


def no_extension(enrolment):
    return 1, enrolment.cohort.assignment_deadline


def extension_granted(enrolment):
    _extension(enrolment, ExtensionState.GRANTED)
    return 1, enrolment.cohort.assignment_deadline + 2 * WEEK


def extension_refused(enrolment):
    _extension(enrolment, ExtensionState.REFUSED)
    return 1, enrolment.cohort.assignment_deadline


def referred_window_open(enrolment):
    deadline = timezone.now() + 4 * WEEK
    _referred(enrolment, deadline)
    return 2, deadline


def referred_window_closed(enrolment):
    deadline = timezone.now() - 4 * WEEK
    _referred(enrolment, deadline)
    return 2, deadline


CASES = [
    no_extension,
    extension_granted,
    extension_refused,
    referred_window_open,
    referred_window_closed,
]


def _shown(moment):
    """How every page and email writes the day of a deadline."""
    return dateformat.format(timezone.localtime(moment), "j F Y")


@pytest.mark.parametrize("case", CASES)
def test_the_timeline_works_out_the_open_attempt_and_its_deadline(case):
    enrolment = _enrolment()
    attempt, deadline = case(enrolment)

    timeline = enrolment_timeline(enrolment=enrolment)

    assert (timeline.window.attempt, timeline.window.deadline) == (attempt, deadline)
    assert timeline.window.cutoff == deadline + datetime.timedelta(
        days=enrolment.cohort.cutoff_days
    )
    assert timeline.current_deadline == deadline


@pytest.mark.parametrize("case", CASES)
def test_dashboard_and_assignment_page_show_the_timelines_deadline(client, case):
    enrolment = _enrolment()
    _, deadline = case(enrolment)
    client.force_login(enrolment.student)

    dashboard = client.get("/dashboard/").content.decode()
    assignment = client.get(f"/assessment/enrolments/{enrolment.pk}/").content.decode()

    assert _shown(deadline) in dashboard
    assert _shown(deadline) in assignment
    if deadline != enrolment.cohort.assignment_deadline:
        assert _shown(enrolment.cohort.assignment_deadline) not in dashboard


@pytest.mark.parametrize("case", [no_extension, extension_granted, referred_window_open])
def test_receipt_email_and_admin_show_the_deadline_of_the_attempt_submitted(
    client, case, django_capture_on_commit_callbacks
):
    enrolment = _enrolment()
    _, deadline = case(enrolment)
    student = enrolment.student
    draft = services.submission_upload(
        enrolment=enrolment, student=student, data=make_pdf("An essay. " * 50), filename="a.pdf"
    )
    with django_capture_on_commit_callbacks(execute=True):
        submission = services.submission_submit(
            submission=draft, student=student, declared_own_work=True, declared_pseudonymised=True
        )
    tutor = user_with_role(Role.TUTOR)
    enrolment.cohort.tutors.add(tutor)

    client.force_login(student)
    receipt = client.get(f"/assessment/submissions/{submission.pk}/receipt/").content.decode()
    dashboard = client.get("/dashboard/").content.decode()
    client.force_login(tutor)
    admin_page = client.get(
        f"/admin/assessment/submission/{submission.pk}/change/"
    ).content.decode()

    assert _shown(deadline) in receipt
    assert _shown(deadline) in mail.outbox[-1].body
    assert _shown(deadline) in dashboard
    assert _shown(deadline) in admin_page
    assert "Write your assignment" not in dashboard
    assert "Your assignment is submitted" in dashboard


def test_upload_after_the_resubmission_cut_off_is_refused_with_the_cut_off(client):
    enrolment = _enrolment()
    referred_window_closed(enrolment)
    with pytest.raises(services.SubmissionClosed, match="cut-off"):
        services.submission_upload(
            enrolment=enrolment,
            student=enrolment.student,
            data=make_pdf("An essay. " * 50),
            filename="a.pdf",
        )


@pytest.mark.parametrize("name", ["enrolled", "place_offered"])
def test_place_emails_give_the_timelines_deadline_and_opening_date(mailoutbox, name):
    enrolment = EnrolmentFactory(state=EnrolmentState.ENROLLED)
    first_day = TaughtDayFactory(cohort=enrolment.cohort, date=datetime.date(2027, 2, 8))
    _extension(enrolment, ExtensionState.GRANTED)
    timeline = enrolment_timeline(enrolment=enrolment)

    enrolment_email_send(enrolment_id=enrolment.pk, name=name)

    [email] = mailoutbox
    for text in (email.body, email.alternatives[0].content):
        assert _shown(timeline.current_deadline) in text
        assert _shown(enrolment.cohort.assignment_deadline) not in text
        assert "hand it in from 8 February 2027" in text
    assert timeline.submission_opens == first_day.date
