"""Everything the portal holds about one person, as a zip of JSON and their files (UK GDPR
article 15: the right of access)."""

import json

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

from accounts.models import User
from assessment.choices import SubmissionState
from assessment.models import Extension, Submission
from audit.selectors import audit_event_list_about
from certificates.models import Certificate
from enrolment.models import Attendance, Enrolment
from evaluations.models import SelfRating
from oversight.models import ReviewComment
from reports.models import ReportDownload, ReportSubscription

README = """\
Everything the IMH KUF course portal holds about you, as at {when}.

account.json     your account: names, email address, roles, dates (never your password)
enrolments.json  each application and enrolment with its attendance, equality monitoring
                 answers, extensions, submissions (declarations, receipts, marks, feedback,
                 moderation), evaluations and certificate
activity.json    the audit trail of what you did and what was done to your records
staff.json       for staff: your report downloads, subscriptions and review comments
files/           your assignment files, feedback files and certificates
"""

# Never exported: a password hash is of no use to its owner and a risk in a file; the first
# marker's private note is for the moderator, not the student.
EXCLUDED_FIELDS = {"password", "moderation_note"}
# A script's marks while it is being marked: held back until they are released (the exam
# script exemption, UK GDPR / DPA 2018 schedule 2 paragraph 25; the privacy notice says so).
MARKING_FIELDS = {
    "outcome",
    "feedback",
    "feedback_file",
    "feedback_kind",
    "feedback_filename",
    "marked_at",
    "marking_working_days",
}
BEING_MARKED = "Being marked: the outcome and feedback are part of your data once released."
# What the audit trail may show of an unreleased script: the student's own steps.
STUDENTS_OWN_ACTIONS = {"submission.upload", "submission.submit"}


def subject_access_entries(user):
    """The zip's entries for `user`: (name in the zip, bytes or FieldFile) pairs."""
    enrolments = list(
        Enrolment.objects.filter(student=user)
        .select_related(
            "cohort__module",
            "organisation",
            "region",
            "equality_monitoring",
            "course_evaluation",
            "certificate",
        )
        .order_by("applied_at", "pk")
    )
    files = []
    # The records each enrolment holds, by model: the audit events about them are theirs too.
    records = {User: [user.pk], Enrolment: [enrolment.pk for enrolment in enrolments]}
    enrolment_records = [_enrolment_record(enrolment, files, records) for enrolment in enrolments]
    return [
        ("README.txt", README.format(when=_when()).encode()),
        ("account.json", _json(_account_record(user))),
        ("enrolments.json", _json(enrolment_records)),
        ("activity.json", _json(_activity(user, records, _unreleased_scripts(enrolments)))),
        ("staff.json", _json(_staff_records(user))),
        *files,
    ]


def _unreleased_scripts(enrolments):
    """The scripts whose marks are not released, as the audit trail names its targets."""
    scripts = Submission.objects.filter(enrolment__in=enrolments).exclude(
        state=SubmissionState.RELEASED
    )
    script_type = ContentType.objects.get_for_model(Submission).pk
    return {(script_type, str(pk)) for pk in scripts.values_list("pk", flat=True)}


def _account_record(user):
    return {
        **_fields(user),
        "roles": sorted(user.roles),
        "commissioned_regions": [region.name for region in user.commissioned_regions.all()],
    }


def _enrolment_record(enrolment, files, records):
    """One enrolment and everything under it; its files are added to `files` and the records
    it holds to `records`."""
    attendance = list(Attendance.objects.filter(enrolment=enrolment).select_related("taught_day"))
    extensions = list(Extension.objects.filter(enrolment=enrolment))
    submissions = list(
        Submission.objects.filter(enrolment=enrolment)
        .select_related("moderation")
        .order_by("attempt")
    )
    certificate = _related(enrolment, "certificate")
    for model, held in [
        (Attendance, attendance),
        (Extension, extensions),
        (Submission, submissions),
        (Certificate, [certificate] if certificate else []),
    ]:
        records.setdefault(model, []).extend(obj.pk for obj in held)
    return {
        **_fields(enrolment),
        "module": enrolment.cohort.module.title,
        "cohort": enrolment.cohort.code,
        "equality_monitoring": _fields_or_none(_related(enrolment, "equality_monitoring")),
        "attendance": [{"day": str(record.taught_day), **_fields(record)} for record in attendance],
        "extensions": [_fields(extension) for extension in extensions],
        "submissions": [_submission_record(submission, files) for submission in submissions],
        "self_ratings": [
            _fields(rating) for rating in SelfRating.objects.filter(enrolment=enrolment)
        ],
        "course_evaluation": _fields_or_none(_related(enrolment, "course_evaluation")),
        "certificate": _fields(certificate, files, folder="files/certificates")
        if certificate
        else None,
    }


def _submission_record(submission, files):
    if submission.state == SubmissionState.RELEASED:
        return {
            **_fields(submission, files, folder="files/scripts"),
            "moderation": _fields_or_none(_related(submission, "moderation")),
        }
    return {
        **_fields(submission, files, folder="files/scripts", leave_out=MARKING_FIELDS),
        "marking": BEING_MARKED if submission.submitted_at else None,
    }


def _activity(user, records, unreleased):
    """Audit events by the user, or about their account and the records of their enrolments;
    of a script not released, only the student's own steps."""
    return [
        {
            "at": event.at,
            "who": event.actor_label or "the portal",
            "action": event.action,
            "record": event.target_label,
            "changes": {
                name: change
                for name, change in event.changes.items()
                if name not in EXCLUDED_FIELDS
            },
            "reason": event.reason,
        }
        for event in audit_event_list_about(records, or_actor=user)
        if not _held_back(event, unreleased)
    ]


def _held_back(event, unreleased):
    about_unreleased = (event.target_type_id, event.target_id) in unreleased
    return about_unreleased and event.action not in STUDENTS_OWN_ACTIONS


def _staff_records(user):
    return {
        "report_downloads": [
            _fields(download) for download in ReportDownload.objects.filter(user=user)
        ],
        "report_subscriptions": [
            _fields(subscription) for subscription in ReportSubscription.objects.filter(user=user)
        ],
        "review_comments": [
            {"review": str(comment.review), "text": comment.text, "at": comment.at}
            for comment in ReviewComment.objects.filter(author=user).select_related("review")
        ],
    }


def _fields(obj, files=None, folder="", leave_out=frozenset()):
    """The object's own fields as JSON-ready values, but those in `leave_out`. A stored file
    becomes its name in the zip (and is added to `files`); a foreign key its id."""
    record = {}
    for field in obj._meta.concrete_fields:
        if field.name in EXCLUDED_FIELDS or field.name in leave_out:
            continue
        value = getattr(obj, field.attname)
        if isinstance(field, models.FileField):
            stored = getattr(obj, field.name)
            value = None
            if stored and files is not None:
                value = f"{folder}/{obj.pk}-{field.name}-{stored.name.rsplit('/', 1)[-1]}"
                files.append((value, stored))
        record[field.name] = value
    return record


def _related(obj, name):
    """A one-to-one record loaded with `obj` (select_related), or None when there is none."""
    return getattr(obj, name, None)


def _fields_or_none(obj):
    return _fields(obj) if obj is not None else None


def _json(data):
    return json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False).encode()


def _when():
    return timezone.localtime().strftime("%d/%m/%Y %H:%M")
