from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from assessment.models import Extension, Submission
from audit.models import AuditEvent
from audit.services import audit_record
from enrolment.choices import WITHDRAWABLE_STATES
from enrolment.models import Enrolment, EqualityMonitoring
from evaluations.models import CourseEvaluation
from imh_courses.exceptions import DomainError
from privacy.subject_access import subject_access_entries
from reports.models import ReportSubscription

ERASED_TEXT = "Erased on request."


class ErasureRefused(DomainError):
    pass


@transaction.atomic
def subject_access_export(*, person, actor):
    """Everything held about `person`, as zip entries, recorded in the audit trail as asked
    for by `actor` (the person themself, or a course administrator on their behalf)."""
    audit_record(actor=actor, action="account.subject_access", target=person)
    return subject_access_entries(person)


def subject_access_filename(person):
    return f"kuf-data-{person.pk}-{timezone.localdate():%Y-%m-%d}.zip"


def account_erase(*, person, actor, reason):
    """Anonymise `person` on their request (UK GDPR article 17).

    The certificate register keeps the name as certified, so the certificate stays verifiable;
    everything else that names or describes the person is removed or anonymised, their files
    are deleted and they can no longer sign in. Refused while a course is in progress.
    """
    _account_anonymise(person=person, actor=actor, action="account.erase", reason=reason)


def account_anonymise_inactive(*, person):
    """The retention schedule's anonymisation of a long-inactive account (no actor)."""
    _account_anonymise(
        person=person, actor=None, action="account.anonymise", reason="Retention schedule."
    )


@transaction.atomic
def _account_anonymise(*, person, actor, action, reason):
    person = User.objects.select_for_update().get(pk=person.pk)
    if person.erased_at is not None:
        raise ErasureRefused(
            f"Account {person.pk} was already erased on {person.erased_at:%d/%m/%Y}."
        )
    running = list(
        Enrolment.objects.filter(student=person, state__in=WITHDRAWABLE_STATES).select_related(
            "cohort"
        )
    )
    if running:
        courses = ", ".join(f"{e.cohort.code} ({e.get_state_display()})" for e in running)
        raise ErasureRefused(
            f"{person.full_name} has a course in progress: {courses}. Withdraw the enrolment "
            "or let it finish before erasing the account."
        )
    old_email = person.email
    enrolments = Enrolment.objects.filter(student=person)
    submission_files_delete(Submission.objects.filter(enrolment__in=enrolments))
    Submission.objects.filter(enrolment__in=enrolments).exclude(feedback="").update(
        feedback=ERASED_TEXT
    )
    EqualityMonitoring.objects.filter(enrolment__in=enrolments).delete()
    Extension.objects.filter(enrolment__in=enrolments).update(reason=ERASED_TEXT, decision_note="")
    CourseEvaluation.objects.filter(enrolment__in=enrolments).update(went_well="", improve="")
    enrolments.update(
        job_title="",
        line_manager_name="",
        line_manager_email="",
        reasonable_adjustments="",
        withdrawal_reason="",
    )
    ReportSubscription.objects.filter(user=person).delete()
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username__iexact=old_email).delete()

    person.email = f"erased-{person.pk}@erased.invalid"
    person.given_name = "Erased"
    person.family_name = f"account {person.pk}"
    person.certificate_name = ""
    person.set_unusable_password()  # also ends every session: their hash no longer matches
    person.is_active = False
    person.is_staff = False
    person.is_superuser = False
    person.email_confirmed_at = None
    person.erased_at = timezone.now()
    person.save()
    person.groups.clear()
    person.user_permissions.clear()
    person.commissioned_regions.clear()
    _audit_labels_anonymise(person, old_email, enrolments)
    audit_record(actor=actor, action=action, target=person, reason=reason)


def _audit_labels_anonymise(person, old_email, enrolments):
    """The trail keeps what was done, no longer the person's name or address."""
    AuditEvent.objects.filter(actor=person).update(actor_label=person.email)
    user_type = ContentType.objects.get_for_model(User)
    AuditEvent.objects.filter(target_type=user_type, target_id=str(person.pk)).update(
        target_label=str(person)
    )
    # Failed sign-ins recorded against the address alone.
    AuditEvent.objects.filter(
        target_type=user_type, target_id="", target_label__iexact=old_email
    ).update(target_label=person.email)
    enrolment_type = ContentType.objects.get_for_model(Enrolment)
    for enrolment in enrolments.select_related("student", "cohort"):
        AuditEvent.objects.filter(target_type=enrolment_type, target_id=str(enrolment.pk)).update(
            target_label=str(enrolment)
        )


def submission_files_delete(submissions):
    """Delete the script and feedback files of `submissions` from storage and forget them; the
    receipt (file name, size, SHA-256), marks and feedback text stay. Returns how many."""
    count = 0
    for submission in submissions.exclude(file="", feedback_file=""):
        # Storage first: if the database update then fails, a second run finds the file gone
        # (deleting a missing file is not an error) and finishes.
        for stored in (submission.file, submission.feedback_file):
            if stored:
                stored.storage.delete(stored.name)
        Submission.objects.filter(pk=submission.pk).update(
            file="", feedback_file="", files_deleted_at=timezone.now()
        )
        count += 1
    return count
