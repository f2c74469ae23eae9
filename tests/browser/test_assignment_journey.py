import hashlib
import re
from pathlib import Path

from accounts.models import User
from assessment.models import Submission
from certificates.models import Certificate
from modules.models import Cohort
from tests.browser.helpers import run_admin_action, sign_in
from tests.documents import make_pdf
from tests.factories import EnrolmentFactory

COHORT = "KUF-OPD-B"


def test_referred_student_resubmits_tutor_passes_administrator_releases_student_reads(
    live_server, demo_data, page, assert_accessible, tmp_path
):
    base = live_server.url
    essay = tmp_path / "resubmission.pdf"
    essay.write_bytes(make_pdf("My revised formulation of Ms A\nnow links gender and trauma."))

    # The student, referred on the first attempt, resubmits.
    sign_in(page, base, "student2@example.org", "/dashboard/")
    page.get_by_role("link", name=f"Your assignment for {COHORT}").click()
    assert page.get_by_role("heading", name="Your resubmission").is_visible()
    assert_accessible(page)
    page.get_by_label("Assignment file").set_input_files(str(essay))
    page.get_by_role("button", name="Upload").click()
    page.wait_for_load_state()
    assert page.get_by_text("resubmission.pdf").first.is_visible()
    assert_accessible(page)
    page.get_by_label(re.compile("my own work")).check()
    page.get_by_label(re.compile("is pseudonymised")).check()
    page.get_by_role("button", name="Submit for marking").click()
    page.wait_for_url(re.compile(r"/receipt/$"))
    assert_accessible(page)
    submission = Submission.objects.get(enrolment__student__email="student2@example.org", attempt=2)
    assert submission.sha256 in page.content()

    # The cohort's tutor marks it Pass in the admin.
    sign_in(page, base, "tutor@example.org", "/admin/")
    page.goto(base + "/admin/assessment/submission/")
    page.get_by_role("link", name=submission.reference).click()
    page.get_by_label("Outcome").select_option("pass")
    page.get_by_label("Feedback to the student").fill(
        "Much improved: a clear, gendered formulation."
    )
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(base + "/admin/assessment/submission/")

    # Marking of the attempt is complete, so it was sampled: the Quality Lead moderates it.
    sign_in(page, base, "quality@example.org", "/oversight/")
    page.goto(base + "/admin/assessment/moderation/")
    page.get_by_role("link", name=submission.reference).click()
    page.get_by_label("Decision").select_option("agree")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(base + "/admin/assessment/moderation/")

    # The course administrator approves and releases the marks.
    sign_in(page, base, "admin@example.org", "/admin/")
    page.goto(base + "/admin/assessment/submission/?state__exact=marked")
    run_admin_action(page, "approve_for_release", submission.reference)
    page.goto(base + "/admin/assessment/submission/?state__exact=ready")
    run_admin_action(page, "release_marks", submission.reference)
    assert page.get_by_text("Passes: 1 (1 completing the course").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Release marks").click()
    page.wait_for_load_state()
    assert page.get_by_text("1 released.").is_visible()

    # The student reads the feedback; the course is completed.
    sign_in(page, base, "student2@example.org", "/dashboard/")
    card = page.get_by_role("article").filter(has_text=f"Cohort {COHORT}")
    assert "Completed" in card.inner_text()
    with page.expect_download() as download_info:
        card.get_by_role("link", name=re.compile("Download your certificate")).click()
    pdf = Path(download_info.value.path()).read_bytes()
    certificate = Certificate.objects.get(enrolment=submission.enrolment)
    assert download_info.value.suggested_filename == f"{certificate.number}.pdf"
    assert hashlib.sha256(pdf).hexdigest() == certificate.pdf_sha256
    card.get_by_role("link", name=re.compile("Your feedback")).click()
    assert page.get_by_text("Outcome: Pass").is_visible()
    assert page.get_by_text("Much improved: a clear, gendered formulation.").is_visible()
    assert_accessible(page)

    # Anyone can verify it, by the link printed on it or by number and family name.
    page.context.clear_cookies()
    page.goto(f"{base}/certificates/verify/")
    assert_accessible(page)
    page.get_by_label("Certificate number").fill(certificate.number)
    page.get_by_label("Family name on the certificate").fill("Brennan")
    page.get_by_role("button", name="Verify").click()
    page.wait_for_url(f"{base}/certificates/verify/{certificate.verification_code}/")
    assert page.get_by_text("Valid.").is_visible()
    assert page.get_by_text(certificate.pdf_sha256).is_visible()
    assert_accessible(page)


def test_assignment_pages_with_errors_are_accessible(
    live_server, demo_data, page, assert_accessible, tmp_path
):
    # KUF-OPD-B: taught, so submission is open (on KUF-OPD-C it opens on its first day).
    enrolment = EnrolmentFactory(
        student=User.objects.get(email="student@example.org"),
        cohort=Cohort.objects.get(code="KUF-OPD-B"),
        state="enrolled",
    )
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    sign_in(page, live_server.url, "student@example.org", "/dashboard/")
    page.goto(f"{live_server.url}/assessment/enrolments/{enrolment.pk}/")
    page.get_by_label("Assignment file").set_input_files(str(empty))
    page.get_by_role("button", name="Upload").click()
    assert page.get_by_text("The submitted file is empty.").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Ask for an extension").click()
    page.get_by_role("button", name="Send my request").click()
    assert page.get_by_role("alert").first.is_visible()
    assert_accessible(page)
