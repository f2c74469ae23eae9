import io
import json
import zipfile

import pytest
from django.utils import timezone

from accounts.choices import Role
from assessment import services
from audit.models import AuditEvent
from enrolment.choices import EnrolmentState
from tests.documents import make_pdf
from tests.factories import EnrolmentFactory, SubmissionFactory, UserFactory, user_with_role
from tests.privacy.conftest import FEEDBACK_BYTES, SCRIPT_BYTES

pytestmark = pytest.mark.django_db


def _zip(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_a_student_downloads_everything_held_about_them(client, finished_enrolment):
    person = finished_enrolment.student
    client.force_login(person)
    archive = _zip(client.get("/account/my-data.zip"))
    names = archive.namelist()
    assert names[:5] == [
        "README.txt",
        "account.json",
        "enrolments.json",
        "activity.json",
        "staff.json",
    ]
    account = json.loads(archive.read("account.json"))
    assert account["email"] == "rowan.ellis@example.org"
    assert account["certificate_name"] == "Rowan J. Ellis"
    assert "password" not in account
    (enrolment,) = json.loads(archive.read("enrolments.json"))
    assert enrolment["cohort"] == "KUF-OPD-T"
    assert enrolment["reasonable_adjustments"] == "Large print handouts"
    assert enrolment["equality_monitoring"]["disability"] == "yes"
    (submission,) = enrolment["submissions"]
    assert (submission["sha256"], submission["feedback"]) == ("a" * 64, "A careful formulation.")
    assert archive.read(submission["file"]) == SCRIPT_BYTES
    assert archive.read(submission["feedback_file"]) == FEEDBACK_BYTES
    assert enrolment["certificate"]["holder_name"] == "Rowan J. Ellis"
    assert archive.read(enrolment["certificate"]["pdf"]) == b"%PDF-1.4 certificate"
    activity = json.loads(archive.read("activity.json"))
    assert "certificate.issue" in [event["action"] for event in activity]
    assert AuditEvent.objects.filter(
        action="account.subject_access", actor=person, target_id=str(person.pk)
    ).exists()


def test_a_student_gets_only_their_own_data(client, finished_enrolment, other_student):
    client.force_login(other_student)
    archive = _zip(client.get("/account/my-data.zip", {"user": finished_enrolment.student_id}))
    everything = b"".join(archive.read(name) for name in archive.namelist())
    assert other_student.email.encode() in everything
    assert b"Rowan" not in everything and SCRIPT_BYTES not in everything


def test_signing_in_is_needed(client):
    response = client.get("/account/my-data.zip")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_course_administrator_produces_the_same_for_any_person(
    client, course_administrator, finished_enrolment
):
    person = finished_enrolment.student
    client.force_login(course_administrator)
    change = client.get(f"/admin/accounts/user/{person.pk}/change/")
    assert f"/admin/accounts/user/{person.pk}/personal-data.zip" in change.content.decode()
    archive = _zip(client.get(f"/admin/accounts/user/{person.pk}/personal-data.zip"))
    assert json.loads(archive.read("account.json"))["email"] == "rowan.ellis@example.org"
    event = AuditEvent.objects.get(action="account.subject_access")
    assert (event.actor, event.target_id) == (course_administrator, str(person.pk))


@pytest.mark.parametrize(
    ("role_fixture", "code"),
    [("student", 302), ("tutor", 403), ("quality_lead", 403), ("commissioner", 302)],
)
def test_nobody_else_produces_someone_elses_data(client, request, role_fixture, code):
    person = UserFactory()
    client.force_login(request.getfixturevalue(role_fixture))
    response = client.get(f"/admin/accounts/user/{person.pk}/personal-data.zip")
    assert response.status_code == code
    assert not AuditEvent.objects.filter(action="account.subject_access").exists()


def test_staff_data_lists_their_report_downloads(client, commissioner):
    from reports.reports import REPORTS
    from reports.services import report_download_record

    report_download_record(
        user=commissioner, report=REPORTS["learners"], file_format="csv", filters={}, rows=3
    )
    client.force_login(commissioner)
    archive = _zip(client.get("/account/my-data.zip"))
    staff = json.loads(archive.read("staff.json"))
    assert [(d["report"], d["rows"]) for d in staff["report_downloads"]] == [("learners", 3)]


def _marked_script(enrolment):
    """A script of `enrolment` marked through the service (so the trail holds the marking), with
    a feedback file and a private note for the moderator; not released."""
    tutor = user_with_role(Role.TUTOR)
    enrolment.cohort.tutors.add(tutor)
    script = SubmissionFactory(enrolment=enrolment, attempt=1, marker=tutor)
    services.submission_mark(
        submission=script,
        marker=tutor,
        outcome="refer",
        feedback="Needs a formulation.",
        moderation_note="Borderline: please look at section 2.",
        feedback_file=(make_pdf("Annotated script"), "annotated.pdf"),
    )
    script.refresh_from_db()
    return script


def _export(client, person):
    client.force_login(person)
    archive = _zip(client.get("/account/my-data.zip"))
    (enrolment,) = json.loads(archive.read("enrolments.json"))
    return archive, enrolment["submissions"][0], json.loads(archive.read("activity.json"))


def test_marks_are_held_back_from_the_export_until_released(client):
    enrolment = EnrolmentFactory(state=EnrolmentState.ENROLLED)
    script = _marked_script(enrolment)

    archive, exported, activity = _export(client, enrolment.student)

    text = archive.read("enrolments.json").decode() + archive.read("activity.json").decode()
    assert "Needs a formulation" not in text and '"refer"' not in text
    assert "Borderline" not in text
    assert exported["marking"].startswith("Being marked")
    assert "feedback_file" not in exported
    assert not [name for name in archive.namelist() if "annotated" in name or "feedback" in name]
    assert "submission.mark" not in [event["action"] for event in activity]

    script.state, script.released_at = "released", timezone.now()
    script.save()
    archive, exported, activity = _export(client, enrolment.student)
    assert (exported["outcome"], exported["feedback"]) == ("refer", "Needs a formulation.")
    assert archive.read(exported["feedback_file"]).startswith(b"%PDF")
    assert "submission.mark" in [event["action"] for event in activity]
    text = archive.read("enrolments.json").decode() + archive.read("activity.json").decode()
    assert "Borderline" not in text  # the note for the moderator is never the student's
