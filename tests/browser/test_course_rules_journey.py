"""The course's rules, end to end in the browser: a student applies to a course not yet taught
and cannot upload until submission opens; after the taught days (the clock moved on) the
registers are taken, scripts are submitted, marked, moderated and released with the
confirmation page; the student who attended gets a certificate at once, the one who missed a
day only once a catch-up is recorded."""

import datetime
import re

import time_machine
from django.utils import timezone

from accounts.choices import Role
from accounts.models import Region, User
from assessment import services
from assessment.models import Submission
from certificates.models import Certificate
from enrolment.models import Enrolment
from modules.models import Module
from tests.browser.helpers import (
    run_admin_action,
    send_an_application,
    sign_in,
    sign_in_factory_user,
)
from tests.documents import make_pdf
from tests.factories import (
    CohortFactory,
    EnrolmentFactory,
    OrganisationFactory,
    TaughtDayFactory,
    UserFactory,
)

COHORT = "KUF-OPD-F"
STUDENT = "student@example.org"


def _future_cohort():
    """A cohort of the demo's first module, taught on three days from a month ahead."""
    cohort = CohortFactory(
        module=Module.objects.get(code="KUF-OPD"), code=COHORT, approval_required=False
    )
    cohort.tutors.add(User.objects.get(email="tutor@example.org"))
    cohort.funding_regions.add(Region.objects.get(code="east-midlands"))
    for week in range(3):
        TaughtDayFactory(cohort=cohort, date=cohort.start_date + datetime.timedelta(weeks=week))
    return cohort


def _apply(page, base):
    sign_in(page, base, STUDENT, "/dashboard/")
    page.goto(base + "/")
    page.get_by_role("link", name=f"Apply for {COHORT}").click()
    send_an_application(page)
    return Enrolment.objects.get(student__email=STUDENT, cohort__code=COHORT)


def _upload_is_refused_until_submission_opens(page, base, enrolment, essay, opens):
    page.goto(f"{base}/assessment/enrolments/{enrolment.pk}/")
    opening = f"Submission opens on {opens:%A} {opens.day} {opens:%B %Y}"
    assert page.get_by_text(opening).is_visible()
    assert page.get_by_role("button", name="Upload").count() == 0
    # A hand-made upload (the form is not offered) is refused too, nothing kept.
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    response = page.request.post(
        f"{base}/assessment/enrolments/{enrolment.pk}/upload/",
        multipart={
            "file": {"name": "early.pdf", "mimeType": "application/pdf", "buffer": essay},
        },
        headers={"X-CSRFToken": token, "Referer": page.url},
    )
    assert response.status == 400
    assert "Submission opens on" in response.text()
    assert not Submission.objects.filter(enrolment=enrolment).exists()


def _take_register(page, base, day, absent=None):
    page.goto(f"{base}/admin/enrolment/attendance/registers/{day.pk}/")
    for enrolment in Enrolment.objects.filter(cohort=day.cohort):
        name = enrolment.student.get_full_name()
        status = "Absent" if enrolment == absent else "Present"
        page.get_by_label(f"{name}: {status}", exact=True).check()
    page.get_by_role("button", name="Save the register").click()
    assert page.get_by_text("Register saved").is_visible()


def _second_student(cohort):
    return EnrolmentFactory(
        student=UserFactory(given_name="Priya", family_name="Shah", roles=[Role.STUDENT]),
        cohort=cohort,
        state="enrolled",
        organisation=OrganisationFactory(region=Region.objects.get(code="east-midlands")),
    )


def _submit(enrolment, essay):
    draft = services.submission_upload(
        enrolment=enrolment, student=enrolment.student, data=essay, filename="essay.pdf"
    )
    return services.submission_submit(
        submission=draft,
        student=enrolment.student,
        declared_own_work=True,
        declared_pseudonymised=True,
    )


def _mark_pass(page, base, submission):
    page.goto(f"{base}/admin/assessment/submission/{submission.pk}/change/")
    page.get_by_label("Outcome").select_option("pass")
    page.get_by_label("Feedback to the student").fill("A clear, gendered formulation.")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(base + "/admin/assessment/submission/")


def _moderate(page, base, submission):
    page.goto(base + "/admin/assessment/moderation/")
    page.get_by_role("link", name=submission.reference).click()
    page.get_by_label("Decision").select_option("agree")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(base + "/admin/assessment/moderation/")


def test_a_course_not_yet_taught_then_taught_certificates_follow_attendance(
    live_server, demo_data, page, assert_accessible
):
    base = live_server.url
    cohort = _future_cohort()
    essay = make_pdf("My formulation of Ms A\nlinks gender, trauma and risk. " * 40)

    # Before the course: the student applies, and cannot upload yet.
    enrolment = _apply(page, base)
    _upload_is_refused_until_submission_opens(page, base, enrolment, essay, opens=cohort.start_date)
    assert_accessible(page)
    absent = _second_student(cohort)
    days = list(cohort.taught_days.order_by("date"))

    # The clock moves to the day after the last taught day.
    after_course = timezone.make_aware(
        datetime.datetime.combine(days[-1].date + datetime.timedelta(days=1), datetime.time(10))
    )
    with time_machine.travel(after_course, tick=True):
        sign_in(page, base, "tutor@example.org", "/admin/")
        for day in days:
            _take_register(page, base, day, absent=absent if day == days[1] else None)

        sign_in(page, base, STUDENT, "/dashboard/")
        page.goto(f"{base}/assessment/enrolments/{enrolment.pk}/")
        page.get_by_label("Assignment file").set_input_files(
            files=[{"name": "essay.pdf", "mimeType": "application/pdf", "buffer": essay}]
        )
        page.get_by_role("button", name="Upload").click()
        page.wait_for_load_state()
        page.get_by_label(re.compile("my own work")).check()
        page.get_by_label(re.compile("is pseudonymised")).check()
        page.get_by_role("button", name="Submit for marking").click()
        page.wait_for_url(re.compile(r"/receipt/$"))
        attended = Submission.objects.get(enrolment=enrolment)
        missed_a_day = _submit(absent, essay)

        sign_in(page, base, "tutor@example.org", "/admin/")
        for submission in (attended, missed_a_day):
            _mark_pass(page, base, submission)
        sign_in(page, base, "quality@example.org", "/oversight/")
        for submission in (attended, missed_a_day):
            _moderate(page, base, submission)

        # The course administrator approves both and releases them, confirming first.
        sign_in(page, base, "admin@example.org", "/admin/")
        page.goto(f"{base}/admin/assessment/submission/?enrolment__cohort__id__exact={cohort.pk}")
        references = [attended.reference, missed_a_day.reference]
        run_admin_action(page, "approve_for_release", *references)
        run_admin_action(page, "release_marks", *references)
        assert page.get_by_text(
            "Passes: 2 (1 completing the course with an IMH Certificate issued now, "
            "1 waiting for attendance)."
        ).is_visible()
        assert_accessible(page)
        page.get_by_role("button", name="Release marks").click()
        page.wait_for_load_state()
        assert page.get_by_text("2 released.").is_visible()

        # The student who attended every day has their certificate.
        certificate = Certificate.objects.get(enrolment=enrolment)
        assert certificate.completed_on >= days[-1].date
        sign_in(page, base, STUDENT, "/dashboard/")
        card = page.get_by_role("article").filter(has_text=f"Cohort {COHORT}")
        assert card.get_by_role("link", name=re.compile("Download your certificate")).is_visible()

        # The one who missed a day has passed, but has no certificate until a catch-up.
        sign_in_factory_user(page, base, absent.student, "/dashboard/")
        card = page.get_by_role("article").filter(has_text=f"Cohort {COHORT}")
        assert "Passed: your certificate awaits attendance" in card.inner_text()
        assert not Certificate.objects.filter(enrolment=absent).exists()
        assert_accessible(page)

        sign_in(page, base, "tutor@example.org", "/admin/")
        page.goto(f"{base}/admin/enrolment/attendance/registers/{days[1].pk}/")
        page.get_by_label("Priya Shah: Authorised absence, catch-up completed", exact=True).check()
        page.get_by_role("button", name="Save the register").click()
        assert page.get_by_text("Register saved").is_visible()

        sign_in_factory_user(page, base, absent.student, "/dashboard/")
        card = page.get_by_role("article").filter(has_text=f"Cohort {COHORT}")
        assert card.get_by_role("link", name=re.compile("Download your certificate")).is_visible()
        assert Certificate.objects.filter(enrolment=absent).count() == 1
