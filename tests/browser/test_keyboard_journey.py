"""A whole journey with the keyboard alone: register, apply, upload and submit the assignment.
Nothing is clicked: Tab moves the focus, keys type, choose and press. Following the link in
the confirmation email and a course administrator's approval happen outside the browser."""

import re

from django.utils import timezone

from accounts.models import User
from assessment.models import Submission
from enrolment.models import Enrolment
from enrolment.services import enrolment_approve
from modules.models import Cohort
from tests.documents import make_pdf

OPEN_COHORT = "KUF-OPD-C"
MOST_TABS = 80


def tab_to(page, locator):
    """Press Tab until `locator` has the focus (Shift+Tab is never needed on our pages)."""
    for _ in range(MOST_TABS):
        page.keyboard.press("Tab")
        if locator.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached {locator}")


def type_into(page, locator, text):
    tab_to(page, locator)
    page.keyboard.type(text)


def choose(page, select, option_text):
    """A closed select takes the option whose text starts with what is typed."""
    tab_to(page, select)
    page.keyboard.type(option_text)


def press(page, control, key="Enter"):
    tab_to(page, control)
    page.keyboard.press(key)


def test_register_apply_and_submit_with_the_keyboard_alone(
    live_server, demo_data, page, assert_accessible, mailoutbox, tmp_path
):
    base = live_server.url
    page.goto(base + "/accounts/register/")
    type_into(page, page.get_by_label("Email"), "kim.lowe@example.org")
    type_into(page, page.get_by_label("Given name"), "Kim")
    type_into(page, page.get_by_label("Family name"), "Lowe")
    type_into(page, page.get_by_label("Name on certificate"), "Kim Lowe")
    type_into(page, page.locator("#id_password1"), "a-long-enough-passphrase")
    type_into(page, page.locator("#id_password2"), "a-long-enough-passphrase")
    mailoutbox.clear()
    press(page, page.get_by_role("button", name="Create account"))
    page.wait_for_url(re.compile(r"/accounts/register/done/$"))

    link = re.search(r"https?://\S+/accounts/confirm/\S+/", mailoutbox[0].body).group(0)
    page.goto(base + link[link.index("/accounts/") :])
    press(page, page.get_by_role("button", name=re.compile("Confirm")))
    page.wait_for_url(re.compile(r"/accounts/login/"))
    type_into(page, page.get_by_label("Email"), "kim.lowe@example.org")
    type_into(page, page.get_by_label("Password"), "a-long-enough-passphrase")
    page.keyboard.press("Enter")  # from the last field, Enter sends the form
    page.wait_for_url(base + "/dashboard/")

    press(page, page.get_by_role("link", name="See the courses and apply"))
    page.wait_for_url(base + "/modules/")
    press(page, page.get_by_role("link", name=f"Apply for {OPEN_COHORT}"))
    page.wait_for_url(base + f"/cohorts/{OPEN_COHORT}/apply/")
    choose(page, page.get_by_label("Organisation", exact=True), "HMP Foston Hall")
    type_into(page, page.get_by_label("Job title"), "Supervising officer")
    choose(page, page.get_by_label("Sector"), "Prison")
    choose(page, page.get_by_label("Region"), "East Midlands")
    # Tab enters a radio group at its first button; an arrow key moves to and picks the next.
    press(page, page.get_by_label("Yes", exact=True), key="ArrowDown")
    assert page.get_by_label("No", exact=True).is_checked()
    type_into(page, page.get_by_label("Your line manager's name"), "Lee Manager")
    type_into(page, page.get_by_label("Your line manager's email address"), "lee@example.org")
    press(page, page.get_by_role("button", name="Send my application"))
    page.wait_for_url(re.compile(r"/equality-monitoring/$"))
    press(page, page.get_by_role("link", name="Skip these questions"))
    page.wait_for_url(base + "/dashboard/")

    enrolment = Enrolment.objects.select_related("organisation", "region").get(
        student__email="kim.lowe@example.org"
    )
    assert (enrolment.state, enrolment.organisation.name, enrolment.sector) == (
        "applied",
        "HMP Foston Hall",
        "prison",
    )
    assert (enrolment.region.name, enrolment.works_with_women_in_cjs) == ("East Midlands", False)
    enrolment_approve(enrolment=enrolment, actor=User.objects.get(email="admin@example.org"))
    # The cohort's taught days are ahead; its administrator opens submission today.
    Cohort.objects.filter(pk=enrolment.cohort_id).update(submission_opens=timezone.localdate())

    page.reload()
    press(page, page.get_by_role("link", name=f"Your assignment for {OPEN_COHORT}"))
    page.wait_for_url(re.compile(r"/assessment/enrolments/\d+/$"))
    essay = tmp_path / "assignment.pdf"
    essay.write_bytes(make_pdf("Working with Mr B: a formulation."))
    tab_to(page, page.get_by_label("Assignment file"))
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")
    chooser.value.set_files(str(essay))
    press(page, page.get_by_role("button", name="Upload"))
    page.wait_for_load_state()
    press(page, page.get_by_label(re.compile("my own work")), key="Space")
    press(page, page.get_by_label(re.compile("is pseudonymised")), key="Space")
    press(page, page.get_by_role("button", name="Submit for marking"))
    page.wait_for_url(re.compile(r"/receipt/$"))
    assert_accessible(page)
    submission = Submission.objects.get(enrolment=enrolment)
    assert submission.state == "not_marked"
    assert submission.sha256 in page.content()
