import csv
import io

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

from enrolment.choices import EnrolmentState
from enrolment.models import Attendance
from tests.factories import CohortFactory, EnrolmentFactory, TaughtDayFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/enrolment/enrolment/"


def _act(client, action, enrolments, **extra):
    return client.post(
        CHANGELIST,
        {"action": action, ACTION_CHECKBOX_NAME: [e.pk for e in enrolments], **extra},
        follow=True,
    )


def _messages(response):
    return [str(m) for m in response.context["messages"]]


@pytest.mark.parametrize(
    ("action", "expected"),
    [
        ("approve", EnrolmentState.ENROLLED),
        ("waitlist", EnrolmentState.WAITLISTED),
        ("decline", EnrolmentState.DECLINED),
    ],
)
def test_course_administrator_decides_applications(client, course_administrator, action, expected):
    applications = EnrolmentFactory.create_batch(2, state=EnrolmentState.APPLIED)
    client.force_login(course_administrator)

    response = _act(client, action, applications)

    assert response.status_code == 200
    for enrolment in applications:
        enrolment.refresh_from_db()
        assert enrolment.state == expected


def test_approve_beyond_capacity_reports_each_refusal(client, course_administrator):
    cohort = CohortFactory(capacity=1)
    first, second = EnrolmentFactory.create_batch(2, cohort=cohort)
    client.force_login(course_administrator)

    response = _act(client, "approve", [first, second])

    states = sorted(e.state for e in [first, second] if e.refresh_from_db() is None)
    assert states == [EnrolmentState.APPLIED, EnrolmentState.ENROLLED]
    assert "1 enrolled." in _messages(response)
    assert any("No place is left" in message for message in _messages(response))


def test_withdraw_action_asks_for_a_reason_first(client, course_administrator):
    enrolment = EnrolmentFactory(state=EnrolmentState.ENROLLED)
    client.force_login(course_administrator)

    confirmation = _act(client, "withdraw", [enrolment])
    enrolment.refresh_from_db()
    assert enrolment.state == EnrolmentState.ENROLLED
    assert "Reason:" in confirmation.content.decode()

    _act(client, "withdraw", [enrolment], confirmed="yes", reason="Employer withdrew funding")
    enrolment.refresh_from_db()
    assert (enrolment.state, enrolment.withdrawal_reason) == (
        EnrolmentState.WITHDRAWN,
        "Employer withdrew funding",
    )


def test_withdraw_action_refuses_a_completed_enrolment(client, course_administrator):
    enrolment = EnrolmentFactory(state=EnrolmentState.COMPLETED)
    client.force_login(course_administrator)
    response = _act(client, "withdraw", [enrolment], confirmed="yes", reason="Mistake")
    enrolment.refresh_from_db()
    assert enrolment.state == EnrolmentState.COMPLETED
    assert any("Cannot withdraw" in message for message in _messages(response))


def test_csv_lists_the_cohort_with_a_bom_and_no_formulas(client, course_administrator):
    cohort = CohortFactory(code="OPD-CSV")
    EnrolmentFactory(cohort=cohort, job_title='=HYPERLINK("http://evil")', state="enrolled")
    EnrolmentFactory(cohort=cohort)
    client.force_login(course_administrator)

    response = _act(client, "download_csv", cohort.enrolments.all())

    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeffCohort,Module,Family name")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert len(rows) == 3
    assert {row[0] for row in rows[1:]} == {"OPD-CSV"}
    assert '\'=HYPERLINK("http://evil")' in [row[9] for row in rows[1:]]
    assert response["Content-Type"] == "text/csv; charset=utf-8"


@pytest.mark.parametrize("count", [1, 3])
def test_enrolment_changelist_query_count_does_not_grow(
    client, course_administrator, django_assert_num_queries, count
):
    EnrolmentFactory.create_batch(count)
    client.force_login(course_administrator)
    client.get(CHANGELIST)  # warm the content-type cache
    with django_assert_num_queries(13):
        assert client.get(CHANGELIST).status_code == 200


def test_quality_lead_reads_enrolments_but_cannot_act(client, quality_lead):
    enrolment = EnrolmentFactory()
    client.force_login(quality_lead)
    assert client.get(CHANGELIST).status_code == 200
    _act(client, "approve", [enrolment])
    enrolment.refresh_from_db()
    assert enrolment.state == EnrolmentState.APPLIED


@pytest.mark.parametrize("role_fixture", ["tutor", "kpog_member"])
def test_enrolments_hidden_from_other_staff(client, request, role_fixture):
    user = request.getfixturevalue(role_fixture)
    user.is_staff = True
    user.save()
    client.force_login(user)
    assert client.get(CHANGELIST).status_code == 403


def test_cohort_list_counts_places_and_links_to_applications(client, course_administrator):
    cohort = CohortFactory(capacity=10)
    EnrolmentFactory.create_batch(3, cohort=cohort, state=EnrolmentState.ENROLLED)
    EnrolmentFactory.create_batch(2, cohort=cohort, state=EnrolmentState.APPLIED)
    EnrolmentFactory(cohort=cohort, state=EnrolmentState.WAITLISTED)
    client.force_login(course_administrator)

    response = client.get("/admin/modules/cohort/")

    [row] = response.context["cl"].result_list
    assert (row.places_left, row.applied_count, row.waitlisted_count) == (7, 2, 1)
    assert f"?cohort__id__exact={cohort.pk}&amp;state__exact=applied" in response.content.decode()


def test_tutor_sees_only_their_own_cohorts(client, tutor):
    mine = CohortFactory(code="MINE-1")
    mine.tutors.add(tutor)
    CohortFactory(code="THEIRS-1")
    client.force_login(tutor)
    response = client.get("/admin/modules/cohort/")
    assert [c.code for c in response.context["cl"].result_list] == ["MINE-1"]


def test_offer_places_action_promotes_the_waiting_list(client, course_administrator):
    cohort = CohortFactory(capacity=2)
    waiting = EnrolmentFactory.create_batch(3, cohort=cohort, state=EnrolmentState.WAITLISTED)
    client.force_login(course_administrator)

    response = client.post(
        "/admin/modules/cohort/",
        {"action": "offer_places_to_waiting_list", ACTION_CHECKBOX_NAME: [cohort.pk]},
        follow=True,
    )

    assert "2 people moved from the waiting list into a place." in _messages(response)
    assert [e.state for e in waiting if e.refresh_from_db() is None] == [
        EnrolmentState.ENROLLED,
        EnrolmentState.ENROLLED,
        EnrolmentState.WAITLISTED,
    ]


# Registers


def _register_url(day):
    return f"/admin/enrolment/attendance/registers/{day.pk}/"


def test_tutor_takes_the_register_of_their_cohort(client, tutor):
    day = TaughtDayFactory()
    day.cohort.tutors.add(tutor)
    present, absent = EnrolmentFactory.create_batch(2, cohort=day.cohort, state="enrolled")
    EnrolmentFactory(cohort=day.cohort, state=EnrolmentState.WAITLISTED)
    client.force_login(tutor)

    page = client.get(_register_url(day))
    assert page.status_code == 200
    assert set(page.context["form"].fields) == {f"enrolment_{present.pk}", f"enrolment_{absent.pk}"}

    response = client.post(
        _register_url(day),
        {f"enrolment_{present.pk}": "present", f"enrolment_{absent.pk}": "absent"},
    )

    assert response["Location"] == "/admin/enrolment/attendance/registers/"
    assert dict(Attendance.objects.values_list("enrolment", "status")) == {
        present.pk: "present",
        absent.pk: "absent",
    }


def test_register_rejects_an_unknown_status(client, tutor):
    day = TaughtDayFactory()
    day.cohort.tutors.add(tutor)
    enrolment = EnrolmentFactory(cohort=day.cohort, state=EnrolmentState.ENROLLED)
    client.force_login(tutor)
    response = client.post(_register_url(day), {f"enrolment_{enrolment.pk}": "asleep"})
    assert response.status_code == 400
    assert not Attendance.objects.exists()


def test_register_list_shows_only_the_tutors_days(client, tutor):
    mine = TaughtDayFactory()
    mine.cohort.tutors.add(tutor)
    TaughtDayFactory()
    client.force_login(tutor)
    response = client.get("/admin/enrolment/attendance/registers/")
    assert list(response.context["days"]) == [mine]


def test_tutor_of_another_cohort_cannot_take_the_register(client, tutor):
    day = TaughtDayFactory()
    enrolment = EnrolmentFactory(cohort=day.cohort, state=EnrolmentState.ENROLLED)
    client.force_login(tutor)
    assert client.get(_register_url(day)).status_code == 403
    assert (
        client.post(_register_url(day), {f"enrolment_{enrolment.pk}": "present"}).status_code == 403
    )
    assert not Attendance.objects.exists()


def test_course_administrator_may_take_any_register(client, course_administrator):
    day = TaughtDayFactory()
    assert client.get(_register_url(day)).status_code == 302  # not signed in: admin login
    client.force_login(course_administrator)
    assert client.get(_register_url(day)).status_code == 200
    assert client.get("/admin/enrolment/attendance/registers/999999/").status_code == 404


def test_student_cannot_reach_a_register(client, student):
    day = TaughtDayFactory()
    client.force_login(student)
    assert client.get(_register_url(day))["Location"].startswith("/admin/login/")
