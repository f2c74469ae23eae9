import re

from accounts.models import User
from enrolment.models import Enrolment, EqualityMonitoring
from modules.models import Cohort
from tests.browser.helpers import send_an_application
from tests.factories import EnrolmentFactory

OPEN_COHORT = "KUF-OPD-C"


def test_new_student_registers_confirms_applies_and_sees_the_application(
    live_server, demo_data, page, assert_accessible, mailoutbox
):
    page.goto(live_server.url + "/accounts/register/")
    assert_accessible(page)
    page.get_by_label("Email").fill("Rowan.Ellis@Example.org")
    page.get_by_label("Given name").fill("Rowan")
    page.get_by_label("Family name").fill("Ellis")
    page.get_by_label("Name on certificate").fill("Rowan Ellis")
    page.locator("#id_password1").fill("a-long-enough-passphrase")
    page.locator("#id_password2").fill("a-long-enough-passphrase")
    mailoutbox.clear()  # the demo data's own emails
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url(re.compile(r"/accounts/register/done/$"))
    assert_accessible(page)

    [email] = mailoutbox
    link = re.search(r"https?://\S+/accounts/confirm/\S+/", email.body).group(0)
    page.goto(live_server.url + link[link.index("/accounts/") :])
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("Confirm")).click()
    page.wait_for_url(re.compile(r"/accounts/login/"))
    page.get_by_label("Email").fill("rowan.ellis@example.org")
    page.get_by_label("Password").fill("a-long-enough-passphrase")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(live_server.url + "/dashboard/")
    assert_accessible(page)

    page.get_by_role("link", name="See the courses and apply").click()
    page.get_by_role("link", name=f"Apply for {OPEN_COHORT}").click()
    page.wait_for_url(live_server.url + f"/cohorts/{OPEN_COHORT}/apply/")
    assert_accessible(page)
    # Sending the form empty shows what is missing, accessibly.
    page.get_by_role("button", name="Send my application").click()
    assert page.get_by_role("alert").first.is_visible()
    assert_accessible(page)

    send_an_application(page)
    assert_accessible(page)

    page.get_by_label("Ethnic group").select_option(label="Prefer not to say")
    page.get_by_label("Age").select_option(label="35 to 44")
    page.get_by_role("button", name="Save my answers").click()
    page.wait_for_url(live_server.url + "/dashboard/")
    assert_accessible(page)

    card = page.get_by_role("article").filter(has_text=f"Cohort {OPEN_COHORT}")
    assert "Applied" in card.inner_text()
    assert "A course administrator will look at your application" in card.inner_text()
    enrolment = Enrolment.objects.get(student__email="rowan.ellis@example.org")
    assert (enrolment.cohort.code, enrolment.state) == (OPEN_COHORT, "applied")
    assert EqualityMonitoring.objects.get(enrolment=enrolment).age_band == "35-44"
    assert mailoutbox[-1].subject == f"We have your application for {OPEN_COHORT}"


def test_demo_student_pages_are_accessible(live_server, demo_data, page, assert_accessible):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill("student2@example.org")
    page.get_by_label("Password").fill("kuf-demo")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(live_server.url + "/dashboard/")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Withdraw from KUF-WGPD-C")).click()
    assert_accessible(page)
    page.goto(live_server.url + "/cohorts/KUF-WGPD-C/apply/")
    assert_accessible(page)


def test_evaluation_pages_are_accessible(live_server, demo_data, page, assert_accessible):
    # The rating before the course is open until its first taught day ends: on a future cohort.
    EnrolmentFactory(
        student=User.objects.get(email="student@example.org"),
        cohort=Cohort.objects.get(code="KUF-OPD-C"),
        state="enrolled",
    )
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill("student@example.org")
    page.get_by_label("Password").fill("kuf-demo")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(live_server.url + "/dashboard/")
    page.get_by_role("link", name=re.compile("Rate your confidence before the course")).click()
    assert_accessible(page)
    page.get_by_role("button", name="Save my answers").click()  # nothing chosen: errors
    assert page.get_by_role("alert").first.is_visible()
    assert_accessible(page)
    page.goto(live_server.url + "/dashboard/")
    page.get_by_role("link", name=re.compile("Tell us how the course was")).first.click()
    assert_accessible(page)
