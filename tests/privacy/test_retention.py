"""The retention schedule, with time moved forward (time-machine)."""

import datetime
from io import StringIO

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.utils import timezone

from accounts.choices import Role
from accounts.models import User
from assessment.models import Submission
from audit.models import AuditEvent
from certificates.models import Certificate
from enrolment.choices import EnrolmentState
from enrolment.models import Enrolment, EqualityMonitoring
from tests.factories import EnrolmentFactory, SubmissionFactory, UserFactory

pytestmark = pytest.mark.django_db

YEAR = datetime.timedelta(days=365)


def _run(*args):
    out = StringIO()
    call_command("apply_retention", *args, stdout=out)
    return out.getvalue()


def _later(delta):
    return time_machine.travel(timezone.now() + delta, tick=False)


def _files_of(submission):
    return [submission.file.name, submission.feedback_file.name]


def test_nothing_is_due_within_the_first_year(finished_enrolment):
    names = _files_of(finished_enrolment.submission)
    with _later(YEAR - datetime.timedelta(days=1)):
        output = _run()
    assert "Script and feedback files (after 365 days): 0 changed." in output
    submission = Submission.objects.get()
    assert _files_of(submission) == names
    assert all(default_storage.exists(name) for name in names)
    assert EqualityMonitoring.objects.count() == 1


def test_files_go_a_year_after_the_enrolment_ended_and_the_receipt_and_marks_stay(
    finished_enrolment,
):
    names = _files_of(finished_enrolment.submission)
    with _later(YEAR + datetime.timedelta(days=1)):
        output = _run()
    assert "Script and feedback files (after 365 days): 1 changed." in output
    submission = Submission.objects.get()
    assert (submission.file.name, submission.feedback_file.name) == ("", "")
    assert submission.files_deleted_at is not None
    assert not any(default_storage.exists(name) for name in names)
    # The receipt and the marks are kept.
    assert (submission.filename, submission.sha256, submission.file_size) == (
        "assignment.pdf",
        "a" * 64,
        20,
    )
    assert (submission.outcome, submission.feedback) == ("pass", "A careful formulation.")
    assert AuditEvent.objects.filter(action="submission.files_delete").count() == 1


def test_files_of_a_running_enrolment_are_kept_however_old():
    submission = SubmissionFactory(enrolment=EnrolmentFactory(state=EnrolmentState.ENROLLED))
    with _later(3 * YEAR):
        _run()
    submission.refresh_from_db()
    assert submission.file and default_storage.exists(submission.file.name)


def test_equality_answers_and_adjustments_go_a_year_after_the_enrolment_ended(finished_enrolment):
    with _later(YEAR + datetime.timedelta(days=1)):
        output = _run()
    assert (
        "Equality monitoring answers and reasonable adjustments (after 365 days): 1 changed."
        in output
    )
    assert not EqualityMonitoring.objects.exists()
    enrolment = Enrolment.objects.get()
    assert enrolment.reasonable_adjustments == ""
    assert enrolment.job_title == "Offender manager"  # not theirs to delete yet
    assert AuditEvent.objects.filter(action="enrolment.equality_delete").count() == 1


def test_an_account_is_anonymised_six_years_after_its_last_enrolment_ended(
    client, finished_enrolment
):
    certificate = Certificate.objects.get()
    with _later(6 * YEAR):
        _run()
    assert User.objects.get(pk=finished_enrolment.student_id).erased_at is None
    with _later(6 * YEAR + datetime.timedelta(days=3)):
        output = _run()
    assert "Personal data of inactive accounts (after 2191 days): 1 changed." in output
    person = User.objects.get(pk=finished_enrolment.student_id)
    assert person.erased_at is not None
    assert "Rowan" not in (person.email + person.full_name + person.certificate_name)
    assert not person.has_usable_password() and not person.is_active
    # The certificate register is kept: still verifiable under the name as certified.
    page = client.get(f"/certificates/verify/{certificate.verification_code}/")
    assert page.status_code == 200
    assert "Rowan J. Ellis" in page.content.decode()


def test_an_account_that_signed_in_recently_or_studies_again_is_kept(finished_enrolment):
    person = finished_enrolment.student
    later_enrolment_ended = EnrolmentFactory(student=person, state=EnrolmentState.WITHDRAWN)
    with _later(6 * YEAR + datetime.timedelta(days=3)):
        Enrolment.objects.filter(pk=later_enrolment_ended.pk).update(
            state_changed_at=timezone.now()
        )
        _run()
    assert User.objects.get(pk=person.pk).erased_at is None


def test_staff_accounts_are_never_anonymised_by_the_schedule(tutor):
    with _later(10 * YEAR):
        _run()
    tutor.refresh_from_db()
    assert tutor.erased_at is None and tutor.is_active


def test_a_dry_run_says_what_is_due_and_changes_nothing(finished_enrolment):
    names = _files_of(finished_enrolment.submission)
    events = AuditEvent.objects.count()
    with _later(7 * YEAR):
        output = _run("--dry-run")
    assert "Script and feedback files (after 365 days): 1 would be changed." in output
    assert "Personal data of inactive accounts (after 2191 days): 1 would be changed." in output
    assert "Dry run: nothing was changed." in output
    assert _files_of(Submission.objects.get()) == names
    assert all(default_storage.exists(name) for name in names)
    assert EqualityMonitoring.objects.count() == 1
    assert User.objects.get(pk=finished_enrolment.student_id).erased_at is None
    assert AuditEvent.objects.count() == events


def test_a_second_run_changes_nothing(finished_enrolment):
    with _later(7 * YEAR):
        first = _run()
        events = AuditEvent.objects.count()
        second = _run()
    assert first.count(" 1 changed.") == 3
    assert second.count(" 0 changed.") == 3
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize("value", [0, -5, "365", None])
def test_an_invalid_setting_is_refused_before_anything_changes(settings, finished_enrolment, value):
    settings.RETENTION_EQUALITY_DAYS = value
    with (
        _later(7 * YEAR),
        pytest.raises(CommandError, match="RETENTION_EQUALITY_DAYS must be a whole number"),
    ):
        _run()
    assert Submission.objects.get().file  # the rules before it did not run either
    assert EqualityMonitoring.objects.count() == 1


def test_periods_come_from_the_settings(settings, finished_enrolment):
    settings.RETENTION_SCRIPTS_DAYS = 30
    with _later(datetime.timedelta(days=31)):
        output = _run()
    assert "Script and feedback files (after 30 days): 1 changed." in output
    assert EqualityMonitoring.objects.count() == 1  # still a year for these


def test_users_without_enrolments_are_judged_by_their_last_sign_in():
    person = UserFactory(roles=[Role.STUDENT], last_login=timezone.now())
    with _later(6 * YEAR + datetime.timedelta(days=3)):
        _run()
    person.refresh_from_db()
    assert person.erased_at is not None
