import pytest
from django.utils import timezone

from enrolment.choices import EnrolmentState
from enrolment.models import Enrolment, EqualityMonitoring
from modules.choices import CohortStatus
from tests.factories import (
    CohortFactory,
    EnrolmentFactory,
    OrganisationFactory,
    SubmissionFactory,
    TaughtDayFactory,
)

pytestmark = pytest.mark.django_db

DASHBOARD = "/dashboard/"
OTHER_ROLES = ["tutor", "commissioner", "kpog_member", "course_administrator"]


def _apply_url(cohort):
    return f"/cohorts/{cohort.code}/apply/"


def _application_post(organisation, /, **overrides):
    return {
        "organisation": organisation.pk,
        "new_organisation_name": "",
        "job_title": "Senior prison officer",
        "sector": organisation.sector,
        "region": organisation.region.pk,
        "works_with_women_in_cjs": "True",
        "line_manager_name": "Lee Manager",
        "line_manager_email": "lee.manager@example.org",
        "reasonable_adjustments": "",
        **overrides,
    }


# Dashboard


def test_dashboard_greets_the_student_and_invites_a_first_application(client, student):
    client.force_login(student)
    response = client.get(DASHBOARD)
    html = response.content.decode()
    assert response.status_code == 200
    assert f"Welcome, {student.given_name}" in html
    assert "You have not applied for a course yet." in html


def test_dashboard_shows_own_enrolments_with_state_next_day_and_deadline(
    client, student, other_student
):
    cohort = CohortFactory(code="OPD-7")
    TaughtDayFactory(cohort=cohort, venue="Jubilee Campus")
    EnrolmentFactory(student=student, cohort=cohort, state=EnrolmentState.ENROLLED)
    EnrolmentFactory(student=other_student, cohort=CohortFactory(code="NOT-MINE"))
    client.force_login(student)

    html = client.get(DASHBOARD).content.decode()

    assert "Cohort OPD-7" in html
    assert "Enrolled" in html
    assert "Jubilee Campus" in html
    assert "Assignment deadline" in html
    assert "NOT-MINE" not in html
    assert "You have not applied" not in html


@pytest.mark.parametrize("count", [1, 3])
def test_dashboard_query_count_does_not_grow_with_enrolments(
    client, student, django_assert_num_queries, count
):
    for _ in range(count):
        enrolment = EnrolmentFactory(student=student, state=EnrolmentState.ENROLLED)
        TaughtDayFactory(cohort=enrolment.cohort)
        SubmissionFactory(enrolment=enrolment)
    client.force_login(student)
    # Session, user, groups, enrolments with cohort and module, then for their timelines the
    # taught days, scripts, extensions and attendance.
    with django_assert_num_queries(8):
        assert client.get(DASHBOARD).status_code == 200


@pytest.mark.parametrize("role_fixture", OTHER_ROLES)
def test_dashboard_refused_to_other_roles(client, request, role_fixture):
    client.force_login(request.getfixturevalue(role_fixture))
    assert client.get(DASHBOARD).status_code == 403


def test_dashboard_sends_anonymous_to_sign_in(client):
    assert client.get(DASHBOARD)["Location"] == "/accounts/login/?next=/dashboard/"


# Applying


def test_apply_form_shows_for_an_open_cohort(client, student):
    cohort = CohortFactory()
    client.force_login(student)
    response = client.get(_apply_url(cohort))
    assert response.status_code == 200
    assert f"Apply for {cohort.code}" in response.content.decode()
    assert "line_manager_email" in response.context["form"].fields


def test_apply_creates_the_application_and_asks_for_equality_monitoring(
    client, student, other_student
):
    cohort = CohortFactory()
    organisation = OrganisationFactory()
    client.force_login(student)

    # A student field smuggled into the form is ignored: you apply only for yourself.
    response = client.post(
        _apply_url(cohort), _application_post(organisation, student=other_student.pk)
    )

    enrolment = Enrolment.objects.get()
    assert (enrolment.student, enrolment.state) == (student, EnrolmentState.APPLIED)
    assert enrolment.job_title == "Senior prison officer"
    assert enrolment.works_with_women_in_cjs is True
    assert response["Location"] == f"/dashboard/enrolments/{enrolment.pk}/equality-monitoring/"


def test_apply_with_a_new_organisation_name(client, student, region_a):
    client.force_login(student)
    organisation = OrganisationFactory(region=region_a)
    client.post(
        _apply_url(CohortFactory()),
        _application_post(organisation, organisation="", new_organisation_name="Leicester Hub"),
    )
    assert Enrolment.objects.get().organisation.name == "Leicester Hub"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"line_manager_email": ""}, "line_manager_email", "This field is required."),
        ({"line_manager_email": "not-an-email"}, "line_manager_email", "valid email"),
        ({"organisation": ""}, "organisation", "Choose your organisation"),
        ({"new_organisation_name": "Also this one"}, "new_organisation_name", "not both"),
        ({"region": "999999"}, "region", "Select a valid choice"),
        ({"sector": "pirates"}, "sector", "Select a valid choice"),
    ],
)
def test_apply_with_bad_input_says_why_and_writes_nothing(
    client, student, overrides, field, message
):
    client.force_login(student)
    response = client.post(
        _apply_url(CohortFactory()), _application_post(OrganisationFactory(), **overrides)
    )
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert not Enrolment.objects.exists()


def test_apply_twice_is_refused_with_a_message(client, student):
    enrolment = EnrolmentFactory(student=student)
    client.force_login(student)
    response = client.post(_apply_url(enrolment.cohort), _application_post(OrganisationFactory()))
    assert response.status_code == 409
    assert "already applied" in response.content.decode()
    assert Enrolment.objects.count() == 1


@pytest.mark.parametrize("status", [CohortStatus.CLOSED, CohortStatus.RUNNING])
def test_apply_to_a_cohort_not_open_is_refused(client, student, status):
    cohort = CohortFactory(status=status)
    client.force_login(student)
    for response in (
        client.get(_apply_url(cohort)),
        client.post(_apply_url(cohort), _application_post(OrganisationFactory())),
    ):
        assert response.status_code == 409
        assert "not open for applications" in response.content.decode()
    assert not Enrolment.objects.exists()


def test_a_full_cohort_offers_its_waiting_list_and_the_dashboard_shows_the_place_in_it(
    client, student
):
    cohort = CohortFactory(capacity=1, approval_required=False)
    EnrolmentFactory(cohort=cohort, state=EnrolmentState.ENROLLED)
    EnrolmentFactory(cohort=cohort, state=EnrolmentState.WAITLISTED, waitlisted_at=timezone.now())
    client.force_login(student)

    form = client.get(_apply_url(cohort)).content.decode()
    response = client.post(_apply_url(cohort), _application_post(OrganisationFactory()))
    dashboard = " ".join(client.get("/dashboard/").content.decode().split())

    assert "Join the waiting list for" in form
    assert response.status_code == 302
    assert Enrolment.objects.get(student=student).state == EnrolmentState.WAITLISTED
    assert "You are number 2 on the waiting list" in dashboard


def test_apply_to_a_draft_or_unknown_cohort_is_404(client, student):
    draft = CohortFactory(status=CohortStatus.DRAFT)
    client.force_login(student)
    assert client.get(_apply_url(draft)).status_code == 404
    assert client.get("/cohorts/NO-SUCH/apply/").status_code == 404


@pytest.mark.parametrize("role_fixture", OTHER_ROLES)
def test_apply_refused_to_other_roles(client, request, role_fixture):
    cohort = CohortFactory()
    client.force_login(request.getfixturevalue(role_fixture))
    assert client.get(_apply_url(cohort)).status_code == 403
    assert (
        client.post(_apply_url(cohort), _application_post(OrganisationFactory())).status_code == 403
    )
    assert not Enrolment.objects.exists()


def test_apply_sends_anonymous_to_sign_in(client):
    cohort = CohortFactory()
    response = client.get(_apply_url(cohort))
    assert response["Location"] == f"/accounts/login/?next={_apply_url(cohort)}"


def test_apply_rejects_other_methods(client, student):
    client.force_login(student)
    assert client.put(_apply_url(CohortFactory())).status_code == 405


# Equality monitoring


def test_equality_monitoring_stores_answers_apart(client, student):
    enrolment = EnrolmentFactory(student=student)
    client.force_login(student)
    url = f"/dashboard/enrolments/{enrolment.pk}/equality-monitoring/"
    assert client.get(url).status_code == 200

    response = client.post(
        url, {"ethnicity": "prefer_not_to_say", "disability": "no", "sex": "", "age_band": "45-54"}
    )

    assert response["Location"] == DASHBOARD
    answers = EqualityMonitoring.objects.get()
    assert (answers.enrolment, answers.ethnicity, answers.sex, answers.age_band) == (
        enrolment,
        "prefer_not_to_say",
        "",
        "45-54",
    )


def test_equality_monitoring_rejects_unknown_answers(client, student):
    enrolment = EnrolmentFactory(student=student)
    client.force_login(student)
    response = client.post(
        f"/dashboard/enrolments/{enrolment.pk}/equality-monitoring/", {"ethnicity": "martian"}
    )
    assert response.status_code == 400
    assert not EqualityMonitoring.objects.exists()


def test_equality_monitoring_of_someone_else_is_404(client, student, other_student):
    enrolment = EnrolmentFactory(student=other_student)
    client.force_login(student)
    url = f"/dashboard/enrolments/{enrolment.pk}/equality-monitoring/"
    assert client.get(url).status_code == 404
    assert client.post(url, {"ethnicity": "white"}).status_code == 404
    assert not EqualityMonitoring.objects.exists()


# Withdrawing


def test_student_withdraws_with_a_reason(client, student):
    enrolment = EnrolmentFactory(student=student, state=EnrolmentState.ENROLLED)
    client.force_login(student)
    url = f"/dashboard/enrolments/{enrolment.pk}/withdraw/"
    assert client.get(url).status_code == 200

    response = client.post(url, {"reason": "My shifts changed"})

    assert response["Location"] == DASHBOARD
    enrolment.refresh_from_db()
    assert (enrolment.state, enrolment.withdrawal_reason) == (
        EnrolmentState.WITHDRAWN,
        "My shifts changed",
    )
    # Doing it again changes nothing and says why.
    again = client.post(url, {"reason": "Again"})
    assert again.status_code == 409
    enrolment.refresh_from_db()
    assert enrolment.withdrawal_reason == "My shifts changed"


def test_withdraw_without_a_reason_is_refused(client, student):
    enrolment = EnrolmentFactory(student=student, state=EnrolmentState.ENROLLED)
    client.force_login(student)
    response = client.post(f"/dashboard/enrolments/{enrolment.pk}/withdraw/", {"reason": ""})
    assert response.status_code == 400
    enrolment.refresh_from_db()
    assert enrolment.state == EnrolmentState.ENROLLED


@pytest.mark.parametrize("state", [EnrolmentState.COMPLETED, EnrolmentState.DECLINED])
def test_withdrawing_a_finished_enrolment_is_refused(client, student, state):
    enrolment = EnrolmentFactory(student=student, state=state)
    client.force_login(student)
    response = client.post(f"/dashboard/enrolments/{enrolment.pk}/withdraw/", {"reason": "x"})
    assert response.status_code == 409
    assert "nothing left to withdraw from" in response.content.decode()
    enrolment.refresh_from_db()
    assert enrolment.state == state


def test_withdrawing_someone_elses_enrolment_is_404(client, student, other_student):
    enrolment = EnrolmentFactory(student=other_student, state=EnrolmentState.ENROLLED)
    client.force_login(student)
    response = client.post(f"/dashboard/enrolments/{enrolment.pk}/withdraw/", {"reason": "x"})
    assert response.status_code == 404
    enrolment.refresh_from_db()
    assert enrolment.state == EnrolmentState.ENROLLED


@pytest.mark.parametrize("role_fixture", ["tutor", "commissioner"])
def test_withdraw_page_refused_to_other_roles(client, request, role_fixture):
    enrolment = EnrolmentFactory(state=EnrolmentState.ENROLLED)
    client.force_login(request.getfixturevalue(role_fixture))
    response = client.post(f"/dashboard/enrolments/{enrolment.pk}/withdraw/", {"reason": "x"})
    assert response.status_code == 403
    enrolment.refresh_from_db()
    assert enrolment.state == EnrolmentState.ENROLLED


# Every student page, for everyone who must not use it.

STUDENT_PAGES = ["equality-monitoring", "withdraw"]


@pytest.mark.parametrize("page", STUDENT_PAGES)
def test_student_pages_send_anonymous_to_sign_in(client, page):
    enrolment = EnrolmentFactory(state=EnrolmentState.ENROLLED)
    url = f"/dashboard/enrolments/{enrolment.pk}/{page}/"
    for response in (client.get(url), client.post(url, {"reason": "x", "ethnicity": "white"})):
        assert response["Location"] == f"/accounts/login/?next={url}"
    enrolment.refresh_from_db()
    assert enrolment.state == EnrolmentState.ENROLLED
    assert not EqualityMonitoring.objects.exists()


@pytest.mark.parametrize("page", STUDENT_PAGES)
@pytest.mark.parametrize(
    ("role_fixture", "status"),
    [("other_student", 404), ("tutor", 403), ("commissioner", 403), ("course_administrator", 403)],
)
def test_student_pages_refuse_everyone_but_the_student(client, request, page, role_fixture, status):
    enrolment = EnrolmentFactory(state=EnrolmentState.ENROLLED)
    url = f"/dashboard/enrolments/{enrolment.pk}/{page}/"
    client.force_login(request.getfixturevalue(role_fixture))
    assert client.get(url).status_code == status
    assert client.post(url, {"reason": "x", "ethnicity": "white"}).status_code == status
    enrolment.refresh_from_db()
    assert enrolment.state == EnrolmentState.ENROLLED
    assert not EqualityMonitoring.objects.exists()


@pytest.mark.parametrize("page", STUDENT_PAGES)
def test_student_pages_reject_other_methods(client, student, page):
    enrolment = EnrolmentFactory(student=student, state=EnrolmentState.ENROLLED)
    client.force_login(student)
    assert client.delete(f"/dashboard/enrolments/{enrolment.pk}/{page}/").status_code == 405
