import datetime

import pytest

from enrolment.choices import EnrolmentState
from modules.choices import CohortStatus
from tests.factories import CohortFactory, EnrolmentFactory, ModuleFactory, TaughtDayFactory

pytestmark = pytest.mark.django_db


def test_catalogue_lists_active_modules_with_open_cohorts_only(client):
    module = ModuleFactory(title="Engaging effectively")
    CohortFactory(module=module, code="OPEN-1", status=CohortStatus.OPEN)
    CohortFactory(module=module, code="DRAFT-1", status=CohortStatus.DRAFT)
    CohortFactory(module=module, code="DONE-1", status=CohortStatus.FINISHED)
    ModuleFactory(title="Retired module", is_active=False)
    html = client.get("/").content.decode()
    assert "Engaging effectively" in html
    assert "OPEN-1" in html
    assert "DRAFT-1" not in html
    assert "DONE-1" not in html
    assert "Retired module" not in html


def test_modules_url_shows_the_catalogue(client):
    ModuleFactory(title="Women, gender and personality disorder")
    response = client.get("/modules/")
    assert response.status_code == 200
    assert "Women, gender and personality disorder" in response.content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_catalogue_query_count_does_not_grow_with_modules(client, django_assert_num_queries, count):
    for _ in range(count):
        CohortFactory(module=ModuleFactory())
    with django_assert_num_queries(2):
        assert client.get("/").status_code == 200


def test_module_page_shows_texts_escaped(client):
    module = ModuleFactory(
        rationale="<script>alert(1)</script>", learning_outcomes="First outcome\nSecond outcome"
    )
    html = client.get(module.get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<li>First outcome</li>" in html
    assert "<li>Second outcome</li>" in html


def test_inactive_module_page_is_404(client):
    module = ModuleFactory(is_active=False)
    assert client.get(module.get_absolute_url()).status_code == 404


def test_catalogue_rejects_post(client):
    assert client.post("/").status_code == 405


def test_module_page_shows_published_cohorts_with_taught_days(client):
    module = ModuleFactory()
    cohort = CohortFactory(module=module, code="RUN-1", status=CohortStatus.RUNNING)
    TaughtDayFactory(cohort=cohort, date=datetime.date(2027, 3, 3), venue="Jubilee Campus")
    TaughtDayFactory(cohort=cohort, date=datetime.date(2027, 3, 10), is_online=True, venue="")
    CohortFactory(module=module, code="DRAFT-9", status=CohortStatus.DRAFT)
    html = client.get(module.get_absolute_url()).content.decode()
    assert "RUN-1" in html
    assert "DRAFT-9" not in html
    assert "<td>Wednesday 3 March 2027</td>" in html
    assert "<td>09:30 to 16:30</td>" in html
    assert "<td>Jubilee Campus</td>" in html
    assert "<td>Online</td>" in html


@pytest.mark.parametrize("count", [1, 3])
def test_module_page_query_count_does_not_grow_with_cohorts(
    client, django_assert_num_queries, count
):
    module = ModuleFactory()
    for _ in range(count):
        TaughtDayFactory(cohort=CohortFactory(module=module))
    # module, cohorts, their taught days
    with django_assert_num_queries(3):
        assert client.get(module.get_absolute_url()).status_code == 200


def test_catalogue_shows_places_left_and_apply_links(client):
    module = ModuleFactory()
    roomy = CohortFactory(module=module, code="ROOMY-1", capacity=5)
    EnrolmentFactory.create_batch(2, cohort=roomy, state=EnrolmentState.ENROLLED)
    EnrolmentFactory(cohort=roomy, state=EnrolmentState.APPLIED)
    full = CohortFactory(module=module, code="FULL-1", capacity=1)
    EnrolmentFactory(cohort=full, state=EnrolmentState.COMPLETED)

    html = client.get("/").content.decode()

    assert "3 places left" in html
    assert 'href="/cohorts/ROOMY-1/apply/"' in html
    assert "Full" in html
    assert 'href="/cohorts/FULL-1/apply/">Join the waiting list' in html


@pytest.mark.parametrize("count", [1, 3])
def test_catalogue_query_count_does_not_grow_with_enrolments(
    client, django_assert_num_queries, count
):
    for _ in range(count):
        EnrolmentFactory(cohort=CohortFactory(), state=EnrolmentState.ENROLLED)
    with django_assert_num_queries(2):
        assert client.get("/").status_code == 200


def test_apply_links_are_offered_to_visitors_and_students_only(client, student, tutor):
    cohort = CohortFactory()
    apply_link = f"/cohorts/{cohort.code}/apply/"
    for user in (None, student, tutor):
        client.logout()
        if user is not None:
            client.force_login(user)
        offered = [
            apply_link in client.get(path).content.decode()
            for path in ("/", f"/modules/{cohort.module.slug}/")
        ]
        assert offered == ([False, False] if user is tutor else [True, True]), user


@pytest.mark.parametrize("state", [EnrolmentState.WAITLISTED, EnrolmentState.ENROLLED])
def test_a_cohort_applied_for_links_to_the_dashboard_not_a_second_application(
    client, student, state
):
    cohort = CohortFactory(capacity=1)
    EnrolmentFactory(cohort=cohort, student=student, state=state)
    other = CohortFactory(module=cohort.module)
    client.force_login(student)
    for path in ("/", f"/modules/{cohort.module.slug}/"):
        html = client.get(path).content.decode()
        assert f"/cohorts/{cohort.code}/apply/" not in html, path
        assert "You have applied: see where it stands" in html, path
        assert f"/cohorts/{other.code}/apply/" in html, path


@pytest.mark.parametrize("count", [1, 3])
def test_a_students_catalogue_query_count_does_not_grow_with_their_applications(
    client, student, django_assert_num_queries, count
):
    for _ in range(count):
        EnrolmentFactory(cohort=CohortFactory(), student=student)
    client.force_login(student)
    client.get("/")
    with django_assert_num_queries(5):
        assert client.get("/").status_code == 200
