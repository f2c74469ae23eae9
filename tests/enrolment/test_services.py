import datetime

import pytest
from django.utils import timezone

from accounts.models import Organisation
from audit.models import AuditEvent
from audit.selectors import audit_event_list_for
from enrolment import services
from enrolment.choices import AttendanceStatus, EnrolmentState
from enrolment.models import Attendance, Enrolment, EqualityMonitoring
from imh_courses.exceptions import DomainError, TransitionError
from modules.choices import CohortStatus
from tests.factories import (
    CohortFactory,
    EnrolmentFactory,
    OrganisationFactory,
    TaughtDayFactory,
)

pytestmark = pytest.mark.django_db

S = EnrolmentState

# The whole table: for each verb, the states it may start from and where it leads.
ALLOWED = {
    "approve": ({S.APPLIED, S.WAITLISTED}, S.ENROLLED),
    "waitlist": ({S.APPLIED}, S.WAITLISTED),
    "decline": ({S.APPLIED, S.WAITLISTED}, S.DECLINED),
    "withdraw": ({S.APPLIED, S.WAITLISTED, S.ENROLLED}, S.WITHDRAWN),
    "complete": ({S.ENROLLED}, S.COMPLETED),
    "not_passed": ({S.ENROLLED}, S.NOT_PASSED),
}
SERVICES = {
    "approve": services.enrolment_approve,
    "waitlist": services.enrolment_waitlist,
    "decline": services.enrolment_decline,
    "withdraw": lambda **kw: services.enrolment_withdraw(reason="Moved job", **kw),
    "complete": services.enrolment_complete,
    "not_passed": services.enrolment_not_passed,
}
TABLE = [(verb, state) for verb in ALLOWED for state in S]


def _application_details(organisation, /, **overrides):
    return {
        "organisation": organisation,
        "job_title": "Offender manager",
        "sector": organisation.sector,
        "region": organisation.region,
        "works_with_women_in_cjs": True,
        "line_manager_name": "Lee Manager",
        "line_manager_email": "lee.manager@example.org",
        **overrides,
    }


@pytest.mark.parametrize(("verb", "state"), TABLE, ids=[f"{v}-from-{s}" for v, s in TABLE])
def test_transition_table(verb, state, course_administrator):
    enrolment = EnrolmentFactory(state=state)
    allowed_from, target = ALLOWED[verb]

    if state in allowed_from:
        SERVICES[verb](enrolment=enrolment, actor=course_administrator)
        enrolment.refresh_from_db()
        assert enrolment.state == target
        [event] = audit_event_list_for(target=enrolment)
        assert event.changes == {"state": [state, target]}
        assert event.actor == course_administrator
    else:
        with pytest.raises(TransitionError):
            SERVICES[verb](enrolment=enrolment, actor=course_administrator)
        enrolment.refresh_from_db()
        assert enrolment.state == state
        assert not AuditEvent.objects.exists()


def test_apply_records_application_and_emails_after_commit(
    student, django_capture_on_commit_callbacks, mailoutbox
):
    cohort = CohortFactory()
    organisation = OrganisationFactory()

    with django_capture_on_commit_callbacks(execute=True):
        enrolment = services.enrolment_apply(
            student=student, cohort=cohort, **_application_details(organisation)
        )

    assert enrolment.state == S.APPLIED
    assert enrolment.organisation == organisation
    [event] = audit_event_list_for(target=enrolment)
    assert (event.action, event.actor, event.changes) == (
        "enrolment.apply",
        student,
        {"state": [None, "applied"]},
    )
    [email] = mailoutbox
    assert email.to == [student.email]
    assert email.subject == f"We have your application for {cohort.code}"
    assert cohort.module.title in email.body
    assert email.alternatives[0].mimetype == "text/html"


def test_apply_sends_no_email_when_the_transaction_rolls_back(
    student, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks() as callbacks:
        services.enrolment_apply(
            student=student, cohort=CohortFactory(), **_application_details(OrganisationFactory())
        )
    assert len(callbacks) == 1
    assert mailoutbox == []


def test_apply_enrols_at_once_when_the_cohort_needs_no_approval(student, mailoutbox):
    cohort = CohortFactory(approval_required=False)
    enrolment = services.enrolment_apply(
        student=student, cohort=cohort, **_application_details(OrganisationFactory())
    )
    assert enrolment.state == S.ENROLLED


def test_apply_with_a_new_organisation_suggests_it_unconfirmed(student, region_a):
    enrolment = services.enrolment_apply(
        student=student,
        cohort=CohortFactory(),
        **_application_details(
            OrganisationFactory(region=region_a),
            organisation=None,
            new_organisation_name="  Leicester   Women's Centre ",
        ),
    )
    assert enrolment.organisation.name == "Leicester Women's Centre"
    assert enrolment.organisation.is_confirmed is False
    assert enrolment.organisation.region == region_a


def test_apply_with_a_known_organisation_name_reuses_it(student, region_a):
    known = OrganisationFactory(name="HMP Foston Hall", region=region_a)
    enrolment = services.enrolment_apply(
        student=student,
        cohort=CohortFactory(),
        **_application_details(known, organisation=None, new_organisation_name="hmp foston hall"),
    )
    assert enrolment.organisation == known
    assert Organisation.objects.count() == 1


def test_apply_twice_is_refused(student):
    cohort = CohortFactory()
    details = _application_details(OrganisationFactory())
    services.enrolment_apply(student=student, cohort=cohort, **details)
    with pytest.raises(services.AlreadyApplied):
        services.enrolment_apply(student=student, cohort=cohort, **details)
    assert Enrolment.objects.count() == 1


def test_apply_again_after_withdrawing_is_refused(student):
    cohort = CohortFactory()
    EnrolmentFactory(student=student, cohort=cohort, state=S.WITHDRAWN)
    with pytest.raises(services.AlreadyApplied):
        services.enrolment_apply(
            student=student, cohort=cohort, **_application_details(OrganisationFactory())
        )


@pytest.mark.parametrize(
    "status",
    [CohortStatus.DRAFT, CohortStatus.CLOSED, CohortStatus.RUNNING, CohortStatus.FINISHED],
)
def test_apply_to_a_cohort_not_open_is_refused(student, status):
    with pytest.raises(services.CohortNotOpen):
        services.enrolment_apply(
            student=student,
            cohort=CohortFactory(status=status),
            **_application_details(OrganisationFactory()),
        )
    assert not Enrolment.objects.exists()


@pytest.mark.parametrize(("opens_in", "closes_in"), [(1, 10), (-10, -1)])
def test_apply_outside_the_application_window_is_refused(student, opens_in, closes_in):
    today = timezone.localdate()
    cohort = CohortFactory(
        applications_open=today + datetime.timedelta(days=opens_in),
        applications_close=today + datetime.timedelta(days=closes_in),
    )
    with pytest.raises(services.CohortNotOpen):
        services.enrolment_apply(
            student=student, cohort=cohort, **_application_details(OrganisationFactory())
        )


@pytest.mark.parametrize(("approval_required", "state"), [(False, S.WAITLISTED), (True, S.APPLIED)])
def test_applying_to_a_full_cohort_joins_its_waiting_list_then_a_place_is_offered(
    student, approval_required, state, course_administrator
):
    cohort = CohortFactory(capacity=1, approval_required=approval_required)
    holder = EnrolmentFactory(cohort=cohort, state=S.ENROLLED)

    enrolment = services.enrolment_apply(
        student=student, cohort=cohort, **_application_details(OrganisationFactory())
    )

    assert enrolment.state == state
    assert (enrolment.waitlisted_at is not None) == (state == S.WAITLISTED)
    if state == S.WAITLISTED:
        services.enrolment_withdraw(enrolment=holder, actor=holder.student, reason="Moved job")
        enrolment.refresh_from_db()
        assert enrolment.state == S.ENROLLED


def test_approve_refused_when_no_place_is_left(course_administrator):
    cohort = CohortFactory(capacity=1)
    EnrolmentFactory(cohort=cohort, state=S.COMPLETED)
    waiting = EnrolmentFactory(cohort=cohort, state=S.APPLIED)
    with pytest.raises(services.CohortFull):
        services.enrolment_approve(enrolment=waiting, actor=course_administrator)
    waiting.refresh_from_db()
    assert waiting.state == S.APPLIED


def test_waitlist_records_when_the_student_joined_the_list(course_administrator):
    enrolment = EnrolmentFactory(state=S.APPLIED)
    services.enrolment_waitlist(enrolment=enrolment, actor=course_administrator)
    enrolment.refresh_from_db()
    assert enrolment.waitlisted_at is not None


def test_withdraw_needs_a_reason(student):
    enrolment = EnrolmentFactory(student=student, state=S.ENROLLED)
    with pytest.raises(DomainError, match="reason"):
        services.enrolment_withdraw(enrolment=enrolment, actor=student, reason="   ")
    enrolment.refresh_from_db()
    assert enrolment.state == S.ENROLLED


def test_withdrawing_a_place_offers_it_to_the_first_on_the_waiting_list(
    student, django_capture_on_commit_callbacks, mailoutbox
):
    cohort = CohortFactory(capacity=1, status=CohortStatus.CLOSED)
    leaving = EnrolmentFactory(cohort=cohort, student=student, state=S.ENROLLED)
    now = timezone.now()
    second = EnrolmentFactory(
        cohort=cohort, state=S.WAITLISTED, waitlisted_at=now - datetime.timedelta(hours=1)
    )
    first = EnrolmentFactory(
        cohort=cohort, state=S.WAITLISTED, waitlisted_at=now - datetime.timedelta(hours=2)
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.enrolment_withdraw(enrolment=leaving, actor=student, reason="New job")

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.state, second.state) == (S.ENROLLED, S.WAITLISTED)
    [event] = audit_event_list_for(target=first)
    assert (event.action, event.actor) == ("enrolment.promote", None)
    assert {(m.to[0], m.subject) for m in mailoutbox} == {
        (student.email, f"Withdrawn from {cohort.code}"),
        (first.student.email, f"A place on {cohort.code} is now yours"),
    }


def test_withdrawing_an_application_frees_no_place(student):
    cohort = CohortFactory(capacity=1)
    EnrolmentFactory(cohort=cohort, state=S.ENROLLED)
    applied = EnrolmentFactory(cohort=cohort, student=student, state=S.APPLIED)
    waiting = EnrolmentFactory(cohort=cohort, state=S.WAITLISTED)

    services.enrolment_withdraw(enrolment=applied, actor=student, reason="Changed my mind")

    waiting.refresh_from_db()
    assert waiting.state == S.WAITLISTED


def test_no_promotion_once_the_cohort_is_running(student):
    cohort = CohortFactory(capacity=1, status=CohortStatus.RUNNING)
    leaving = EnrolmentFactory(cohort=cohort, student=student, state=S.ENROLLED)
    waiting = EnrolmentFactory(cohort=cohort, state=S.WAITLISTED)

    services.enrolment_withdraw(enrolment=leaving, actor=student, reason="Ill")

    waiting.refresh_from_db()
    assert waiting.state == S.WAITLISTED


def test_promote_fills_places_added_by_raising_the_capacity():
    cohort = CohortFactory(capacity=1)
    EnrolmentFactory(cohort=cohort, state=S.ENROLLED)
    waiting = EnrolmentFactory.create_batch(3, cohort=cohort, state=S.WAITLISTED)
    cohort.capacity = 3
    cohort.save()

    promoted = services.cohort_waitlist_promote(cohort=cohort)

    assert promoted == waiting[:2]
    assert Enrolment.objects.filter(cohort=cohort, state=S.ENROLLED).count() == 3
    assert services.cohort_waitlist_promote(cohort=cohort) == []


def test_equality_answers_are_stored_apart_and_replaced_on_a_second_answer(student):
    enrolment = EnrolmentFactory(student=student)
    answers = {"ethnicity": "white", "disability": "no", "sex": "female", "age_band": "35-44"}
    services.equality_monitoring_answer(enrolment=enrolment, **answers)
    services.equality_monitoring_answer(enrolment=enrolment, **{**answers, "sex": ""})
    [stored] = EqualityMonitoring.objects.all()
    assert (stored.enrolment, stored.ethnicity, stored.sex) == (enrolment, "white", "")


def test_attendance_records_changes_only(tutor):
    day = TaughtDayFactory()
    present = EnrolmentFactory(cohort=day.cohort, state=S.ENROLLED)
    absent = EnrolmentFactory(cohort=day.cohort, state=S.ENROLLED)

    first = services.attendance_record(
        taught_day=day,
        statuses={present.pk: AttendanceStatus.PRESENT, absent.pk: AttendanceStatus.ABSENT},
        actor=tutor,
    )
    again = services.attendance_record(
        taught_day=day,
        statuses={present.pk: AttendanceStatus.PRESENT, absent.pk: AttendanceStatus.PARTIAL},
        actor=tutor,
    )

    assert (first, again) == (2, 1)
    assert dict(Attendance.objects.values_list("enrolment", "status")) == {
        present.pk: "present",
        absent.pk: "partial",
    }
    assert AuditEvent.objects.filter(action="attendance.record").count() == 3


@pytest.mark.parametrize("state", [S.APPLIED, S.WAITLISTED, S.WITHDRAWN])
def test_attendance_refused_for_someone_without_a_place(tutor, state):
    day = TaughtDayFactory()
    enrolled = EnrolmentFactory(cohort=day.cohort, state=S.ENROLLED)
    outsider = EnrolmentFactory(cohort=day.cohort, state=state)
    with pytest.raises(DomainError):
        services.attendance_record(
            taught_day=day,
            statuses={enrolled.pk: "present", outsider.pk: "present"},
            actor=tutor,
        )
    assert not Attendance.objects.exists()


@pytest.mark.parametrize(
    ("name", "subject"),
    [
        ("application_received", "We have your application for OPD-MAIL"),
        ("enrolled", "You have a place on OPD-MAIL"),
        ("waitlisted", "You are on the waiting list for OPD-MAIL"),
        ("place_offered", "A place on OPD-MAIL is now yours"),
        ("declined", "Your application for OPD-MAIL"),
        ("withdrawn", "Withdrawn from OPD-MAIL"),
    ],
)
def test_each_enrolment_email_has_text_and_html_with_the_dates(mailoutbox, name, subject):
    cohort = CohortFactory(code="OPD-MAIL")
    TaughtDayFactory(cohort=cohort, date=datetime.date(2027, 3, 3), venue="Jubilee <Campus>")
    enrolment = EnrolmentFactory(cohort=cohort, withdrawal_reason="Left the service")

    services.enrolment_email_send(enrolment_id=enrolment.pk, name=name)

    [email] = mailoutbox
    html = email.alternatives[0].content
    assert email.subject == subject
    assert email.to == [enrolment.student.email]
    assert f"Dear {enrolment.student.given_name}," in email.body
    assert "Wednesday 3 March 2027, 09:30 to 16:30, Jubilee <Campus>" in email.body
    assert "Jubilee &lt;Campus&gt;" in html
    assert "/dashboard/" in email.body
    assert "{{" not in email.body + html and "{%" not in email.body + html
