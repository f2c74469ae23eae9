import pytest
from django.core.files.storage import default_storage

from accounts.models import User
from assessment.models import Submission
from audit.models import AuditEvent
from certificates.models import Certificate
from enrolment.choices import EnrolmentState
from enrolment.models import Enrolment, EqualityMonitoring
from privacy.services import ErasureRefused, account_erase
from tests.factories import EnrolmentFactory

pytestmark = pytest.mark.django_db

USERS = "/admin/accounts/user/"


def _erase_by_admin(client, administrator, person, reason="Emailed request, 20/11/2026"):
    client.force_login(administrator)
    return client.post(
        USERS,
        {"action": "erase", "_selected_action": [person.pk], "confirmed": "yes", "reason": reason},
        follow=True,
    )


def test_erasure_anonymises_the_person_and_keeps_the_certificate_verifiable(
    client, course_administrator, finished_enrolment, password
):
    person = finished_enrolment.student
    client.post("/accounts/login/", {"username": "Rowan.Ellis@example.org", "password": "typo"})
    script_names = [finished_enrolment.submission.file.name]
    certificate = Certificate.objects.get()

    page = _erase_by_admin(client, course_administrator, person)
    assert "1 erased." in page.content.decode()

    person.refresh_from_db()
    assert person.erased_at is not None
    assert (person.email, person.full_name) == (
        f"erased-{person.pk}@erased.invalid",
        f"Erased account {person.pk}",
    )
    assert not person.is_active and not person.has_usable_password()
    assert list(person.groups.all()) == []
    enrolment = Enrolment.objects.get()
    assert (
        enrolment.job_title,
        enrolment.line_manager_email,
        enrolment.reasonable_adjustments,
    ) == (
        "",
        "",
        "",
    )
    assert not EqualityMonitoring.objects.exists()
    submission = Submission.objects.get()
    assert not submission.file and not default_storage.exists(script_names[0])
    assert submission.outcome == "pass" and submission.sha256 == "a" * 64
    # The register keeps the name as certified; the public check still answers.
    certificate.refresh_from_db()
    assert certificate.holder_name == "Rowan J. Ellis"
    client.logout()
    verify = client.get(f"/certificates/verify/{certificate.verification_code}/")
    assert verify.status_code == 200 and "Rowan J. Ellis" in verify.content.decode()
    event = AuditEvent.objects.get(action="account.erase")
    assert (event.actor, event.reason) == (course_administrator, "Emailed request, 20/11/2026")
    # The trail no longer names them, except as certified in the register.
    labels = " ".join(AuditEvent.objects.values_list("target_label", flat=True))
    assert "Rowan J. Ellis" in labels
    assert "Rowan Ellis" not in labels and "rowan.ellis" not in labels
    # They can no longer sign in.
    response = client.post(
        "/accounts/login/", {"username": "rowan.ellis@example.org", "password": password}
    )
    assert response.status_code == 200 and "_auth_user_id" not in client.session


def test_erasure_ends_the_persons_sessions(client, finished_enrolment, course_administrator):
    person = finished_enrolment.student
    client.force_login(person)
    assert client.get("/account/").status_code == 200
    account_erase(person=person, actor=course_administrator, reason="Request")
    assert client.get("/account/").status_code == 302


def test_erasure_is_refused_while_a_course_is_in_progress(client, course_administrator, student):
    enrolment = EnrolmentFactory(student=student, state=EnrolmentState.ENROLLED)
    page = _erase_by_admin(client, course_administrator, student)
    content = page.content.decode()
    assert "has a course in progress" in content and enrolment.cohort.code in content
    student.refresh_from_db()
    assert student.erased_at is None and student.is_active
    assert Enrolment.objects.get().job_title == "Prison officer"
    assert not AuditEvent.objects.filter(action="account.erase").exists()


def test_an_erased_account_cannot_be_erased_again(finished_enrolment, course_administrator):
    person = finished_enrolment.student
    account_erase(person=person, actor=course_administrator, reason="Request")
    with pytest.raises(ErasureRefused, match="already erased"):
        account_erase(person=person, actor=course_administrator, reason="Again")


def test_erasure_needs_a_reason(client, course_administrator, finished_enrolment):
    page = _erase_by_admin(client, course_administrator, finished_enrolment.student, reason="")
    assert page.status_code == 400
    assert User.objects.get(pk=finished_enrolment.student_id).erased_at is None


@pytest.mark.parametrize("role_fixture", ["quality_lead", "tutor"])
def test_only_course_administrators_erase(client, request, role_fixture, finished_enrolment):
    user = request.getfixturevalue(role_fixture)
    _erase_by_admin(client, user, finished_enrolment.student)
    assert User.objects.get(pk=finished_enrolment.student_id).erased_at is None
