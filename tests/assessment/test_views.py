import datetime
import errno
import os

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.choices import Role
from assessment.choices import ExtensionState, SubmissionState
from assessment.models import Extension, Submission
from enrolment.choices import EnrolmentState
from tests.documents import make_docx, make_pdf
from tests.factories import SCRIPT_PDF, EnrolmentFactory, SubmissionFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def enrolment(student):
    return EnrolmentFactory(student=student, state=EnrolmentState.ENROLLED)


def _page(enrolment, action=""):
    return f"/assessment/enrolments/{enrolment.pk}/{action}"


def _upload(client, enrolment, data=None, name="essay.pdf"):
    file = SimpleUploadedFile(name, make_pdf() if data is None else data, "application/pdf")
    return client.post(_page(enrolment, "upload/"), {"file": file})


def _stored_files(settings):
    root = settings.STORAGES["default"]["OPTIONS"]["location"]
    import pathlib

    return [p for p in pathlib.Path(root).rglob("*") if p.is_file()]


# The student's page


def test_assignment_page_shows_the_brief_and_deadline(client, enrolment):
    module = enrolment.cohort.module
    module.assessment_title = "A reflective case study"
    module.save()
    client.force_login(enrolment.student)
    response = client.get(_page(enrolment))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>A reflective case study</h1>" in html
    assert "Your deadline" in html
    assert "Upload your assignment" in html


@pytest.mark.parametrize("count", [1, 3])
def test_assignment_page_query_count_does_not_grow(
    client, enrolment, django_assert_num_queries, count
):
    for days in range(count):
        Extension.objects.create(
            enrolment=enrolment,
            reason="Ill",
            requested_deadline=timezone.now() + datetime.timedelta(days=60 + days),
            state=ExtensionState.REFUSED,
        )
    SubmissionFactory(enrolment=enrolment, state=SubmissionState.DRAFT, submitted_at=None)
    client.force_login(enrolment.student)
    # Session, user, groups, enrolment, then for its timeline the submissions, extensions,
    # taught days and attendance.
    with django_assert_num_queries(8):
        assert client.get(_page(enrolment)).status_code == 200


def test_upload_then_submit_gives_a_receipt(client, enrolment):
    client.force_login(enrolment.student)
    response = _upload(client, enrolment, data=make_docx("My reflective essay text"), name="e.pdf")
    assert response["Location"] == _page(enrolment)
    draft = Submission.objects.get()
    assert (draft.kind, draft.filename, draft.word_count) == ("docx", "e.docx", 4)
    assert "e.docx" in client.get(_page(enrolment)).content.decode()

    response = client.post(
        _page(enrolment, "submit/"), {"declared_own_work": "on", "declared_pseudonymised": "on"}
    )

    submission = Submission.objects.get()
    assert response["Location"] == f"/assessment/submissions/{submission.pk}/receipt/"
    receipt = client.get(response["Location"]).content.decode()
    assert submission.sha256 in receipt
    assert submission.reference in receipt
    assert submission.state == SubmissionState.NOT_MARKED


def test_submit_without_declarations_says_which(client, enrolment):
    client.force_login(enrolment.student)
    _upload(client, enrolment)
    response = client.post(_page(enrolment, "submit/"), {"declared_own_work": "on"})
    assert response.status_code == 400
    assert "Confirm that everyone in the assignment is pseudonymised." in response.content.decode()
    assert Submission.objects.get().state == SubmissionState.DRAFT


def test_submit_with_flags_shows_them_and_needs_confirmation(client, enrolment):
    client.force_login(enrolment.student)
    _upload(client, enrolment, data=make_pdf("Ms A, prison number A1234BC."))
    page = client.get(_page(enrolment)).content.decode()
    assert "Prison number: <strong>A1234BC</strong>" in page
    response = client.post(
        _page(enrolment, "submit/"), {"declared_own_work": "on", "declared_pseudonymised": "on"}
    )
    assert response.status_code == 400
    assert Submission.objects.get().state == SubmissionState.DRAFT


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "essay.pdf", "The submitted file is empty."),
        (b"MZ\x90\x00 program", "essay.pdf", "not a PDF, Word"),
        (b"<html><script>alert(1)</script></html>", "essay.html", "not a PDF, Word"),
        (None, "x" * 200 + ".pdf", "longer than 150"),
    ],
    ids=["empty", "executable", "html", "long-name"],
)
def test_bad_uploads_are_refused_and_nothing_is_stored(
    client, enrolment, settings, data, name, message
):
    client.force_login(enrolment.student)
    response = _upload(client, enrolment, data=data, name=name)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Submission.objects.exists()
    assert _stored_files(settings) == []


def test_a_path_in_the_file_name_never_reaches_the_disk(client, enrolment, settings):
    # Django's upload parser keeps only the last part of a name; documents.filename_clean
    # refuses any path that gets past it (tests/assessment/test_documents.py).
    client.force_login(enrolment.student)
    _upload(client, enrolment, name="../../../etc/cron.d/essay.pdf")
    draft = Submission.objects.get()
    assert draft.filename == "essay.pdf"
    [stored] = _stored_files(settings)
    assert stored.parent.parent.name == "scripts"
    assert "etc" not in str(stored)


def test_oversized_upload_is_refused(client, enrolment, settings):
    settings.SUBMISSION_MAX_BYTES = 1024
    client.force_login(enrolment.student)
    response = _upload(client, enrolment, data=make_pdf("word " * 400))
    assert response.status_code == 400
    assert "larger than" in response.content.decode()
    assert not Submission.objects.exists()


def test_upload_after_the_cut_off_is_refused(client, enrolment):
    enrolment.cohort.assignment_deadline = timezone.now() - datetime.timedelta(days=30)
    enrolment.cohort.save()
    client.force_login(enrolment.student)
    response = _upload(client, enrolment)
    assert response.status_code == 400
    assert "cut-off" in response.content.decode()
    assert not Submission.objects.exists()


def test_nothing_is_uploaded_to_someone_elses_enrolment(client, enrolment, other_student):
    client.force_login(other_student)
    assert _upload(client, enrolment).status_code == 404
    assert client.get(_page(enrolment)).status_code == 404
    assert not Submission.objects.exists()


@pytest.mark.parametrize("role", [Role.TUTOR, Role.COMMISSIONER, Role.COURSE_ADMINISTRATOR])
def test_student_pages_refused_to_staff(client, enrolment, role):
    client.force_login(user_with_role(role))
    assert client.get(_page(enrolment)).status_code == 403
    assert _upload(client, enrolment).status_code == 403


def test_student_pages_send_anonymous_to_sign_in(client, enrolment):
    assert client.get(_page(enrolment))["Location"].startswith("/accounts/login/")


def test_upload_and_submit_reject_get(client, enrolment):
    client.force_login(enrolment.student)
    assert client.get(_page(enrolment, "upload/")).status_code == 405
    assert client.get(_page(enrolment, "submit/")).status_code == 405


def test_student_asks_for_an_extension(client, enrolment):
    client.force_login(enrolment.student)
    new_date = timezone.localtime(enrolment.cohort.assignment_deadline).date()
    new_date += datetime.timedelta(days=10)
    assert client.get(_page(enrolment, "extension/")).status_code == 200
    response = client.post(
        _page(enrolment, "extension/"),
        {"requested_date": new_date.strftime("%d/%m/%Y"), "reason": "Surgery"},
    )
    assert response["Location"] == _page(enrolment)
    extension = Extension.objects.get()
    assert timezone.localtime(extension.requested_deadline).date() == new_date
    assert "You have asked for an extension" in client.get(_page(enrolment)).content.decode()


def test_extension_for_a_date_before_the_deadline_is_refused(client, enrolment):
    client.force_login(enrolment.student)
    response = client.post(
        _page(enrolment, "extension/"), {"requested_date": "01/01/2020", "reason": "Surgery"}
    )
    assert response.status_code == 400
    assert not Extension.objects.exists()


def test_released_feedback_is_shown_to_the_student(client, enrolment):
    SubmissionFactory(
        enrolment=enrolment,
        state=SubmissionState.RELEASED,
        outcome="refer",
        feedback="Say more about <supervision>.",
        resubmission_deadline=timezone.now() + datetime.timedelta(weeks=4),
    )
    client.force_login(enrolment.student)
    html = client.get(_page(enrolment)).content.decode()
    assert "Outcome: Refer (resubmit)" in html
    assert "Say more about &lt;supervision&gt;." in html
    assert "Your resubmission" in html


def test_unreleased_marks_are_not_shown(client, enrolment):
    SubmissionFactory(
        enrolment=enrolment, state=SubmissionState.MARKED, outcome="fail", feedback="Secret."
    )
    client.force_login(enrolment.student)
    html = client.get(_page(enrolment)).content.decode()
    assert "Secret." not in html
    assert "Waiting for marks" in html


# Who may fetch a script

SCRIPT_ACCESS = [
    ("owner", 200),
    ("other_student", 404),
    ("cohort_tutor", 200),
    ("other_tutor", 404),
    ("course_administrator", 200),
    ("quality_lead", 200),
    ("kpog_member", 404),
    ("commissioner", 404),
]


@pytest.fixture
def submission(enrolment, tutor):
    submission = SubmissionFactory(enrolment=enrolment)
    enrolment.cohort.tutors.add(tutor)
    return submission


def _person(request, who, submission):
    if who == "owner":
        return submission.enrolment.student
    if who == "cohort_tutor":
        return request.getfixturevalue("tutor")
    if who == "other_tutor":
        return user_with_role(Role.TUTOR)
    return request.getfixturevalue(who)


@pytest.mark.parametrize(("who", "status"), SCRIPT_ACCESS)
def test_script_download_permission_matrix(client, request, submission, who, status):
    client.force_login(_person(request, who, submission))
    response = client.get(f"/assessment/submissions/{submission.pk}/script/")
    assert response.status_code == status
    if status == 200:
        student = submission.enrolment.student
        staff_name = f"{submission.reference}-{student.family_name}-{student.given_name}.pdf"
        name = "assignment.pdf" if who == "owner" else staff_name
        assert response["Content-Disposition"] == f'attachment; filename="{name}"'
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content) == SCRIPT_PDF


def test_a_draft_is_the_students_alone(client, enrolment, tutor, course_administrator):
    draft = SubmissionFactory(enrolment=enrolment, state=SubmissionState.DRAFT, submitted_at=None)
    enrolment.cohort.tutors.add(tutor)
    url = f"/assessment/submissions/{draft.pk}/script/"
    for staff in (tutor, course_administrator):
        client.force_login(staff)
        assert client.get(url).status_code == 404
    client.force_login(enrolment.student)
    assert client.get(url).status_code == 200


def test_script_download_sends_anonymous_to_sign_in(client, submission):
    response = client.get(f"/assessment/submissions/{submission.pk}/script/")
    assert response["Location"].startswith("/accounts/login/")


def test_feedback_file_reaches_the_student_only_after_release(client, submission, tutor):
    from assessment import services

    services.submission_mark(
        submission=submission,
        marker=tutor,
        outcome="pass",
        feedback="Well argued.",
        feedback_file=(make_pdf("Annotated script"), "annotated.pdf"),
    )
    url = f"/assessment/submissions/{submission.pk}/feedback-file/"
    client.force_login(submission.enrolment.student)
    assert client.get(url).status_code == 404
    Submission.objects.filter(pk=submission.pk).update(state=SubmissionState.RELEASED)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="annotated.pdf"'


def _disk_fills_up_half_way(monkeypatch):
    """The disk takes the first half of the file, then reports it is full."""

    def chunks(self, chunk_size=None):
        data = self.read()
        yield data[: len(data) // 2]
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(ContentFile, "chunks", chunks)


def _storage_not_writable(monkeypatch, settings):
    root = settings.STORAGES["default"]["OPTIONS"]["location"]
    real_open = os.open

    def refusing_open(path, *args, **kwargs):
        if str(path).startswith(root):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing_open)


@pytest.mark.parametrize("fault", [_disk_fills_up_half_way, _storage_not_writable])
def test_storage_that_cannot_take_the_file_is_a_clear_503_and_nothing_is_kept(
    client, enrolment, settings, monkeypatch, fault
):
    client.force_login(enrolment.student)
    if fault is _disk_fills_up_half_way:
        fault(monkeypatch)
    else:
        fault(monkeypatch, settings)

    response = _upload(client, enrolment)

    assert response.status_code == 503
    assert "could not be saved" in response.content.decode()
    assert "nothing was kept" in response.content.decode()
    assert response["Retry-After"]
    assert not Submission.objects.exists()
    monkeypatch.undo()
    assert _stored_files(settings) == []


def test_uploads_are_limited_per_student(client, enrolment, settings):
    settings.UPLOADS_PER_HOUR = 2
    client.force_login(enrolment.student)
    assert _upload(client, enrolment, name="first.pdf").status_code == 302
    assert _upload(client, enrolment, name="second.pdf").status_code == 302
    refused = _upload(client, enrolment, name="third.pdf")
    assert refused.status_code == 429
    assert "Please wait an hour before uploading again" in refused.content.decode()
    assert Submission.objects.get().filename == "second.pdf"
