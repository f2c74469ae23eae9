"""The admin pages tutors and course administrators work in, checked with axe: the marking
queue and form, the registers, applications and an enrolment, users, the audit trail, and an
action's second step. Django's own admin templates with our additions."""

import pytest

from accounts.models import User
from assessment.models import Submission
from enrolment.models import Enrolment


def _sign_in(page, live_server, email):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill("kuf-demo")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def _check(page, live_server, assert_accessible, paths):
    for path in paths:
        response = page.goto(live_server.url + path)
        assert response.status == 200, f"{path}: {response.status}"
        assert_accessible(page)


def test_a_tutors_admin_pages_are_accessible(live_server, demo_data, page, assert_accessible):
    tutor = User.objects.get(email="tutor@example.org")
    script = Submission.objects.filter(enrolment__cohort__tutors=tutor, state="not_marked").first()
    _sign_in(page, live_server, tutor.email)
    _check(
        page,
        live_server,
        assert_accessible,
        [
            "/admin/",
            "/admin/assessment/submission/",
            f"/admin/assessment/submission/{script.pk}/change/",
            "/admin/enrolment/attendance/",
        ],
    )


def test_a_course_administrators_admin_pages_are_accessible(
    live_server, demo_data, page, assert_accessible
):
    enrolment = Enrolment.objects.filter(state="completed").first()
    student = enrolment.student
    _sign_in(page, live_server, "admin@example.org")
    _check(
        page,
        live_server,
        assert_accessible,
        [
            "/admin/",
            "/admin/enrolment/enrolment/",
            f"/admin/enrolment/enrolment/{enrolment.pk}/change/",
            "/admin/modules/cohort/",
            f"/admin/modules/cohort/{enrolment.cohort_id}/change/",
            f"/admin/accounts/user/{student.pk}/change/",
            "/admin/audit/auditevent/",
            "/admin/certificates/certificate/",
        ],
    )
    # An action's second step: erasing asks for the reason first.
    page.goto(live_server.url + "/admin/accounts/user/")
    page.get_by_label(f"Select this object for an action - {student}").check()
    page.get_by_label("Action:").select_option("erase")
    page.get_by_role("button", name="Run").click()
    page.get_by_role("heading", name="Erase accounts").wait_for()
    assert_accessible(page)
    assert User.objects.get(pk=student.pk).erased_at is None  # nothing done before confirming


pytestmark = pytest.mark.django_db(transaction=True)
