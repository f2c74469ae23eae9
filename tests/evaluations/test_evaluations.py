import datetime

import pytest
from django.db.models import F
from django.utils import timezone

from assessment.choices import SubmissionState
from enrolment.choices import EnrolmentState
from evaluations import selectors, services
from evaluations.models import CourseEvaluation, SelfRating
from imh_courses.exceptions import DomainError
from modules.models import TaughtDay
from tests.factories import CohortFactory, EnrolmentFactory, SubmissionFactory, TaughtDayFactory

pytestmark = pytest.mark.django_db

RATINGS = {"understanding": 4, "confidence": 3, "self_awareness": 5, "joint_working": 2}
SATISFACTION = {"relevant": 5, "teaching": 4, "assessment": 4, "recommend": 5}


@pytest.fixture
def enrolment(student):
    return EnrolmentFactory(student=student, state=EnrolmentState.ENROLLED)


def _url(enrolment, what):
    if what == "course":
        return f"/evaluation/enrolments/{enrolment.pk}/course/"
    return f"/evaluation/enrolments/{enrolment.pk}/self-rating/{what}/"


def test_before_rating_once_enrolled_and_only_once(client, enrolment):
    client.force_login(enrolment.student)
    assert client.get(_url(enrolment, "before")).status_code == 200
    response = client.post(_url(enrolment, "before"), RATINGS)
    assert response["Location"] == "/dashboard/"
    rating = SelfRating.objects.get()
    assert (rating.stage, rating.confidence, rating.joint_working) == ("before", 3, 2)
    again = client.post(_url(enrolment, "before"), RATINGS)
    assert again.status_code == 409
    assert SelfRating.objects.count() == 1


def test_after_rating_and_course_evaluation_open_once_submitted(client, enrolment):
    client.force_login(enrolment.student)
    assert client.get(_url(enrolment, "after")).status_code == 409
    assert client.get(_url(enrolment, "course")).status_code == 409
    SubmissionFactory(enrolment=enrolment, state=SubmissionState.NOT_MARKED)

    client.post(_url(enrolment, "after"), {**RATINGS, "confidence": 8})
    client.post(_url(enrolment, "course"), {**SATISFACTION, "improve": "More case examples."})

    assert SelfRating.objects.get(stage="after").confidence == 8
    evaluation = CourseEvaluation.objects.get()
    assert (evaluation.recommend, evaluation.improve) == (5, "More case examples.")


def test_a_draft_is_not_a_submission(enrolment):
    SubmissionFactory(enrolment=enrolment, state=SubmissionState.DRAFT, submitted_at=None)
    assert selectors.self_rating_open(enrolment=enrolment, stage="after") is False


@pytest.mark.parametrize("bad", [{"confidence": 11}, {"confidence": 0}, {"confidence": "x"}, {}])
def test_ratings_outside_the_scale_are_refused(client, enrolment, bad):
    client.force_login(enrolment.student)
    data = {**RATINGS, **bad} if bad else {k: v for k, v in RATINGS.items() if k != "confidence"}
    response = client.post(_url(enrolment, "before"), data)
    assert response.status_code == 400
    assert not SelfRating.objects.exists()


def test_the_service_checks_the_scale_too(enrolment):
    with pytest.raises(DomainError):
        services.self_rating_record(
            enrolment=enrolment, stage="before", ratings={**RATINGS, "confidence": 12}
        )


def test_someone_elses_questionnaires_are_404(client, enrolment, other_student):
    client.force_login(other_student)
    for what in ("before", "after", "course"):
        assert client.get(_url(enrolment, what)).status_code == 404
    assert client.post(_url(enrolment, "before"), RATINGS).status_code == 404
    assert not SelfRating.objects.exists()


@pytest.mark.parametrize("role_fixture", ["tutor", "commissioner"])
def test_questionnaires_refused_to_staff(client, request, enrolment, role_fixture):
    client.force_login(request.getfixturevalue(role_fixture))
    assert client.get(_url(enrolment, "before")).status_code == 403


def test_unknown_stage_is_404(client, enrolment):
    client.force_login(enrolment.student)
    assert (
        client.get(f"/evaluation/enrolments/{enrolment.pk}/self-rating/during/").status_code == 404
    )


def test_dashboard_offers_the_questionnaires_that_are_open(client, enrolment):
    client.force_login(enrolment.student)
    html = client.get("/dashboard/").content.decode()
    assert _url(enrolment, "before") in html
    assert _url(enrolment, "course") not in html
    SubmissionFactory(enrolment=enrolment)
    services.self_rating_record(enrolment=enrolment, stage="before", ratings=RATINGS)
    html = client.get("/dashboard/").content.decode()
    assert _url(enrolment, "before") not in html
    assert _url(enrolment, "after") in html
    assert _url(enrolment, "course") in html


def _cohort_with_days(first, last):
    cohort = CohortFactory()
    for day in (first, last):
        TaughtDayFactory(cohort=cohort, date=day)
    return cohort


def test_the_before_rating_closes_when_the_first_taught_day_ends(student):
    today = timezone.localdate()
    cohort = _cohort_with_days(today - datetime.timedelta(days=1), today + datetime.timedelta(7))
    enrolment = EnrolmentFactory(student=student, cohort=cohort, state=EnrolmentState.ENROLLED)
    assert selectors.self_rating_open(enrolment=enrolment, stage="before") is False

    TaughtDay.objects.filter(cohort=cohort).update(date=F("date") + datetime.timedelta(days=2))
    assert selectors.self_rating_open(enrolment=enrolment, stage="before") is True


def test_after_rating_and_evaluation_open_when_the_last_taught_day_ends(client, student):
    today = timezone.localdate()
    cohort = _cohort_with_days(today - datetime.timedelta(days=7), today + datetime.timedelta(1))
    enrolment = EnrolmentFactory(student=student, cohort=cohort, state=EnrolmentState.ENROLLED)
    SubmissionFactory(enrolment=enrolment, state=SubmissionState.NOT_MARKED)
    client.force_login(student)

    assert client.get(_url(enrolment, "after")).status_code == 409
    assert client.get(_url(enrolment, "course")).status_code == 409
    assert "Tell us how the course was" not in client.get("/dashboard/").content.decode()

    TaughtDay.objects.filter(cohort=cohort).update(date=F("date") - datetime.timedelta(days=2))
    assert client.get(_url(enrolment, "after")).status_code == 200
    assert client.get(_url(enrolment, "course")).status_code == 200
    assert "Tell us how the course was" in client.get("/dashboard/").content.decode()
