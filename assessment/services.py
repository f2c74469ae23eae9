"""Every change to a submission, an extension or a moderation: one function per verb, each one
transaction."""

import hashlib
import math
import random
from itertools import groupby

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.choices import Role
from assessment import rules
from assessment.choices import (
    AWAITING_MARKS,
    MARKABLE_STATES,
    MARKED_STATES,
    ExtensionState,
    ModerationDecision,
    ModerationState,
    Outcome,
    SubmissionState,
)
from assessment.confidentiality import confidentiality_flags
from assessment.documents import document_inspect
from assessment.models import Extension, Moderation, ModerationSample, Submission
from assessment.selectors import (
    attempt_marking_complete,
    moderation_blocking_reason,
    submission_list_for_enrolment,
    tutor_least_loaded,
    word_limit_exceeded,
)
from assessment.timeline import enrolment_timeline, marking_due_date, resubmission_deadline
from audit.services import audit_record
from certificates.services import certificate_issue
from enrolment.choices import EnrolmentState
from enrolment.models import Enrolment
from enrolment.services import (
    attendance_record,
    enrolment_complete,
    enrolment_not_passed,
    student_email_send,
)
from imh_courses.exceptions import DomainError, TransitionError
from imh_courses.working_days import working_days_between
from modules.models import Cohort


class SubmissionClosed(DomainError):
    pass


class NotAllocated(DomainError):
    pass


def submission_upload(*, enrolment, student, data, filename):
    """Upload (or replace) the draft of the open attempt.

    The file is checked and read before anything is written: its type from its content, its
    word count and the confidentiality flags. Side effects: the stored file (a replaced one is
    deleted after commit) and an audit row. Raises UnacceptableFile, SubmissionClosed or
    TransitionError (the attempt is already submitted), writing nothing.
    """
    document = document_inspect(
        data=data,
        filename=filename,
        max_bytes=settings.SUBMISSION_MAX_BYTES,
        max_unpacked_bytes=settings.SUBMISSION_MAX_UNPACKED_BYTES,
    )
    with transaction.atomic():
        enrolment = _enrolment_lock_for(student, enrolment.pk)
        window = _open_window(enrolment)
        draft = window.submission
        if draft is not None:
            draft = Submission.objects.select_for_update().get(pk=draft.pk)
            if draft.state != SubmissionState.DRAFT:
                raise TransitionError("This attempt is already submitted: it cannot be changed.")
        else:
            draft = Submission(enrolment=enrolment, attempt=window.attempt)
        replaced_file, replaced_hash = (draft.file.name, draft.sha256) if draft.pk else (None, None)
        draft.kind = document.kind
        draft.filename = document.filename
        draft.file_size = len(data)
        draft.sha256 = hashlib.sha256(data).hexdigest()
        draft.word_count = document.word_count
        draft.confidentiality_flags = confidentiality_flags(document.text)
        draft.uploaded_at = timezone.now()
        draft.declared_own_work = draft.declared_pseudonymised = False
        draft.word_limit_acknowledged = draft.flags_confirmed = False
        draft.file.save(draft.filename, ContentFile(data), save=False)
        draft.save()
        audit_record(
            actor=student,
            action="submission.upload",
            target=draft,
            changes={"sha256": [replaced_hash, draft.sha256], "filename": [None, draft.filename]},
        )
        if replaced_file:
            storage = draft.file.storage
            transaction.on_commit(lambda: storage.delete(replaced_file))
    return draft


@transaction.atomic
def submission_submit(
    *,
    submission,
    student,
    declared_own_work,
    declared_pseudonymised,
    word_limit_acknowledged=False,
    flags_confirmed=False,
):
    """Draft -> submitted (not marked): the file is locked and goes to a marker.

    Records the declarations, whether it is late, and the marking due date (submission day plus
    MARKING_WORKING_DAYS working days); allocates the cohort's least-loaded tutor. Side effects:
    an audit row; after commit, the receipt email. Raises DomainError for a missing declaration
    or acknowledgement, SubmissionClosed after the cut-off, TransitionError when submitted.
    """
    enrolment = _enrolment_lock_for(student, submission.enrolment_id)
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if submission.state != SubmissionState.DRAFT:
        raise TransitionError("This attempt is already submitted.")
    window = _open_window(enrolment)
    if window.attempt != submission.attempt:
        raise SubmissionClosed("This attempt is not open for submission.")
    if not (declared_own_work and declared_pseudonymised):
        raise DomainError("Tick both declarations to submit.")
    limit = enrolment.cohort.module.word_limit
    if word_limit_exceeded(submission=submission, word_limit=limit) and not word_limit_acknowledged:
        raise DomainError(
            f"Your assignment has {submission.word_count} words, more than 10% over the "
            f"{limit}-word limit. Tick the box to confirm you want to submit it as it is."
        )
    if submission.confidentiality_flags and not flags_confirmed:
        raise DomainError(
            "Check the possible identifiers we found and confirm the text is pseudonymised, "
            "or upload a corrected file."
        )
    now = timezone.now()
    submission.declared_own_work = submission.declared_pseudonymised = True
    submission.word_limit_acknowledged = word_limit_acknowledged
    submission.flags_confirmed = flags_confirmed
    submission.submitted_at = now
    submission.is_late = window.is_late(now)
    submission.marking_due = marking_due_date(submitted_at=now)
    submission.marker = tutor_least_loaded(cohort=enrolment.cohort)
    submission.state = SubmissionState.NOT_MARKED
    submission.save()
    audit_record(
        actor=student,
        action="submission.submit",
        target=submission,
        changes={"state": [SubmissionState.DRAFT, SubmissionState.NOT_MARKED]},
    )
    _email_on_commit(submission, "submission_receipt")
    return submission


@transaction.atomic
def submission_mark(
    *, submission, marker, outcome, feedback, moderation_note="", finished=True, feedback_file=None
):
    """Record the outcome and feedback: -> marked when `finished`, else -> in marking.

    `feedback_file` is (bytes, file name) or None to keep the one there. Side effects: an audit
    row with every changed field. Raises NotAllocated when the marker is not allocated to the
    script, DomainError without outcome or feedback, TransitionError once marks are with the
    administrators.
    """
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if not rules.is_allocated_tutor(marker, submission):
        raise NotAllocated("You are not allocated to mark this script.")
    if submission.state not in MARKABLE_STATES:
        raise TransitionError(
            f"This script is {submission.get_state_display().lower()}: marks can no longer change."
        )
    feedback = feedback.strip()
    if outcome not in Outcome.values:
        raise DomainError("Choose Pass, Refer or Fail.")
    if not feedback:
        raise DomainError("Write feedback to the student.")
    before = _marks_snapshot(submission)
    submission.outcome = outcome
    submission.feedback = feedback
    submission.moderation_note = moderation_note.strip()
    submission.state = SubmissionState.MARKED if finished else SubmissionState.IN_MARKING
    submission.marked_at = timezone.now() if finished else None
    submission.marking_working_days = (
        working_days_between(
            timezone.localdate(submission.submitted_at), timezone.localdate(submission.marked_at)
        )
        if finished
        else None
    )
    if feedback_file is not None:
        data, filename = feedback_file
        document = document_inspect(
            data=data,
            filename=filename,
            max_bytes=settings.SUBMISSION_MAX_BYTES,
            max_unpacked_bytes=settings.SUBMISSION_MAX_UNPACKED_BYTES,
        )
        submission.feedback_kind = document.kind
        submission.feedback_filename = document.filename
        submission.feedback_file.save(document.filename, ContentFile(data), save=False)
    submission.save()
    changes = _changed(before, _marks_snapshot(submission))
    audit_record(actor=marker, action="submission.mark", target=submission, changes=changes)
    if finished:
        moderation_sample_draw_if_complete(
            cohort=submission.enrolment.cohort, attempt=submission.attempt, actor=marker
        )
    return submission


@transaction.atomic
def submission_ready_for_release(*, submission, actor):
    """Marked -> ready for release, once the cohort's moderation is settled.

    Raises TransitionError while the sample is not drawn, a sampled script is not moderated,
    or a disagreement is not resolved (moderation_blocking_reason).
    """
    submission = _submission_lock(submission, [SubmissionState.MARKED], "approve for release")
    blocked = moderation_blocking_reason(submission=submission)
    if blocked:
        raise TransitionError(f"{submission.reference} cannot go for release yet. {blocked}")
    _move(submission, SubmissionState.READY_FOR_RELEASE, actor, "submission.ready")
    return submission


@transaction.atomic
def submission_release(*, submission, actor):
    """Ready for release -> released: the student sees the outcome and feedback.

    Only once the cohort's last taught day has come. Pass: the enrolment is completed and its
    certificate issued when the attendance criterion is met too (enrolment_completion_check;
    otherwise that waits for the register). Refer on the first attempt: the resubmission window
    opens for the cohort's `resubmission_weeks`. Refer on the second attempt, or Fail: the
    enrolment closes as not passed. Side effects: audit rows; after commit, the "feedback
    ready" email (and the certificate's).
    """
    submission = _submission_lock(submission, [SubmissionState.READY_FOR_RELEASE], "release")
    enrolment = submission.enrolment
    timeline = enrolment_timeline(enrolment=enrolment)
    if not timeline.course_taught:
        raise TransitionError(
            f"Cannot release {submission.reference} yet: marks of {enrolment.cohort.code} are "
            f"released from its last taught day, {timeline.last_taught_day:%d/%m/%Y}."
        )
    now = timezone.now()
    submission.released_at = now
    if submission.outcome == Outcome.REFER and submission.attempt == 1:
        submission.resubmission_deadline = resubmission_deadline(
            cohort=enrolment.cohort, released_at=now
        )
    _move(
        submission,
        SubmissionState.RELEASED,
        actor,
        "submission.release",
        also_save=["released_at", "resubmission_deadline"],
    )
    if submission.outcome == Outcome.PASS:
        enrolment_completion_check(enrolment=enrolment, actor=actor)
    elif submission.outcome == Outcome.FAIL or submission.attempt == 2:
        enrolment_not_passed(enrolment=enrolment, actor=actor)
    _email_on_commit(submission, "feedback_ready")
    return submission


@transaction.atomic
def enrolment_completion_check(*, enrolment, actor):
    """Complete the enrolment and issue its certificate once every criterion is met: the
    course taught, its attendance criterion, the assignment passed (a released Pass). Returns
    the certificate, or None while something is missing (the student's dashboard says what).
    Safe to call again: a completed enrolment is left alone, so a certificate is issued once.
    """
    enrolment = (
        Enrolment.objects.select_for_update(of=["self"])
        .select_related("cohort")
        .get(pk=enrolment.pk)
    )
    if enrolment.state != EnrolmentState.ENROLLED:
        return None
    timeline = enrolment_timeline(enrolment=enrolment)
    if not (timeline.passed and timeline.course_taught and timeline.attendance_met):
        return None
    enrolment_complete(enrolment=enrolment, actor=actor)
    return certificate_issue(enrolment=enrolment, actor=actor)


@transaction.atomic
def register_record(*, taught_day, statuses, actor):
    """Record a taught day's register (enrolment.services.attendance_record), then complete
    the courses it was the last thing missing for: a passed student whose catch-up is now
    recorded gets the certificate in the same transaction. Returns how many entries changed."""
    changed = attendance_record(taught_day=taught_day, statuses=statuses, actor=actor)
    awaiting = Enrolment.objects.filter(
        pk__in=statuses,
        state=EnrolmentState.ENROLLED,
        submissions__state=SubmissionState.RELEASED,
        submissions__outcome=Outcome.PASS,
    )
    for enrolment in awaiting:
        enrolment_completion_check(enrolment=enrolment, actor=actor)
    return changed


@transaction.atomic
def submission_reassign(*, submission, marker, actor):
    """Give one script to another tutor. Side effect: an audit row."""
    if not marker.has_role(Role.TUTOR):
        raise DomainError(f"{marker.full_name} is not a tutor.")
    submission = _submission_lock(submission, MARKABLE_STATES, "reassign")
    before = submission.marker.email if submission.marker else None
    submission.marker = marker
    submission.save(update_fields=["marker"])
    audit_record(
        actor=actor,
        action="submission.reassign",
        target=submission,
        changes={"marker": [before, marker.email]},
    )
    return submission


@transaction.atomic
def extension_request(*, enrolment, student, reason, requested_deadline):
    """Ask for a later deadline for the first attempt, before the current deadline passes.

    Side effect: an audit row. Raises DomainError without a reason, for a date not after the
    current deadline, after the deadline, or when a request is already waiting.
    """
    enrolment = _enrolment_lock_for(student, enrolment.pk)
    window = _open_window(enrolment)
    if window.attempt != 1:
        raise DomainError("Extensions are for the first attempt; a resubmission has its own date.")
    if timezone.now() > window.deadline:
        raise DomainError("The deadline has passed: ask the course administrator directly.")
    if not reason.strip():
        raise DomainError("Give a reason for the extension.")
    if requested_deadline <= window.deadline:
        raise DomainError("Ask for a date after your current deadline.")
    try:
        with transaction.atomic():
            extension = Extension.objects.create(
                enrolment=enrolment, reason=reason.strip(), requested_deadline=requested_deadline
            )
    except IntegrityError:
        raise DomainError("You have already asked for an extension; wait for the answer.") from None
    audit_record(
        actor=student,
        action="extension.request",
        target=extension,
        changes={"state": [None, ExtensionState.REQUESTED]},
    )
    return extension


@transaction.atomic
def extension_grant(*, extension, actor):
    """Requested -> granted: the requested date becomes the student's deadline."""
    return _extension_decide(extension, actor, ExtensionState.GRANTED, note="")


@transaction.atomic
def extension_refuse(*, extension, actor, note=""):
    """Requested -> refused: the deadline stays."""
    return _extension_decide(extension, actor, ExtensionState.REFUSED, note=note)


def _extension_decide(extension, actor, state, note):
    extension = Extension.objects.select_for_update().get(pk=extension.pk)
    if extension.state != ExtensionState.REQUESTED:
        raise TransitionError("This request has already been decided.")
    extension.state = state
    extension.decided_by = actor
    extension.decided_at = timezone.now()
    extension.decision_note = note
    extension.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])
    audit_record(
        actor=actor,
        action=f"extension.{state}",
        target=extension,
        changes={"state": [ExtensionState.REQUESTED, state]},
        reason=note,
    )
    extension_id = extension.pk
    transaction.on_commit(lambda: _extension_email_send(extension_id))
    return extension


class NotAModerator(DomainError):
    pass


def sample_size_for_passes(passes):
    """How many of one marker's Passes to moderate: the greater of the share and the minimum,
    never more than there are."""
    wanted = max(
        math.ceil(passes * settings.MODERATION_PASS_SHARE), settings.MODERATION_PASS_MINIMUM
    )
    return min(wanted, passes)


def moderation_choose(scripts, rng=random):
    """The scripts to moderate: all of them in a small cohort; otherwise, per marker, every Fail
    and Refer and `sample_size_for_passes` of the Passes, chosen at random."""
    if len(scripts) < settings.MODERATION_WHOLE_COHORT_BELOW:
        return list(scripts)
    chosen = []
    by_marker = sorted(scripts, key=lambda s: (s.marker_id or 0, s.pk))
    for _, group in groupby(by_marker, key=lambda s: s.marker_id):
        group = list(group)
        passes = [s for s in group if s.outcome == Outcome.PASS]
        chosen += [s for s in group if s.outcome != Outcome.PASS]
        chosen += rng.sample(passes, sample_size_for_passes(len(passes)))
    return chosen


@transaction.atomic
def moderation_sample_draw(*, cohort, attempt, actor):
    """Draw the moderation sample of a cohort's attempt, once marking of it is complete.

    Side effects: the sample, a Moderation row per chosen script, an audit row. Raises
    TransitionError when marking is not complete or the sample was drawn already.
    """
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    if ModerationSample.objects.filter(cohort=cohort, attempt=attempt).exists():
        raise TransitionError(f"The moderation sample of {cohort.code} was drawn already.")
    scripts = list(
        Submission.objects.filter(enrolment__cohort=cohort, attempt=attempt).exclude(
            state=SubmissionState.DRAFT
        )
    )
    if not scripts:
        raise TransitionError(f"{cohort.code} has no submitted scripts for attempt {attempt}.")
    waiting = [s for s in scripts if s.state in AWAITING_MARKS]
    if waiting:
        raise TransitionError(
            f"Marking of {cohort.code} is not complete: {len(waiting)} scripts still to mark."
        )
    try:
        with transaction.atomic():
            sample = ModerationSample.objects.create(
                cohort=cohort,
                attempt=attempt,
                drawn_by=actor if actor is not None and actor.is_authenticated else None,
                scripts_in_cohort=len(scripts),
            )
    except IntegrityError:
        raise TransitionError(
            f"The moderation sample of {cohort.code} was drawn already."
        ) from None
    chosen = moderation_choose([s for s in scripts if s.state in MARKED_STATES])
    Moderation.objects.bulk_create(
        Moderation(sample=sample, submission=s, marker_outcome=s.outcome) for s in chosen
    )
    audit_record(
        actor=actor,
        action="moderation.sample",
        target=sample,
        changes={"references": [None, sorted(s.reference for s in chosen)]},
    )
    return sample


def moderation_sample_draw_if_complete(*, cohort, attempt, actor):
    """Draw the attempt's sample once it is complete: every student expected to hand it in has
    a marked script or let the cut-off pass (attempt_marking_complete); else nothing. Tried
    when a script is marked, and daily by `manage.py draw_moderation_samples` (for a student
    whose cut-off passed without a script)."""
    if ModerationSample.objects.filter(cohort=cohort, attempt=attempt).exists():
        return None
    if not attempt_marking_complete(cohort=cohort, attempt=attempt):
        return None
    handed_in = Submission.objects.filter(enrolment__cohort=cohort, attempt=attempt).exclude(
        state=SubmissionState.DRAFT
    )
    if not handed_in.exists():
        return None
    return moderation_sample_draw(cohort=cohort, attempt=attempt, actor=actor)


def moderation_samples_draw_due():
    """Draw every sample that is due: each cohort attempt with scripts handed in, none drawn,
    and marking complete. Returns the samples drawn."""
    drawn = set(ModerationSample.objects.values_list("cohort_id", "attempt"))
    handed_in = (
        Submission.objects.exclude(state=SubmissionState.DRAFT)
        .values_list("enrolment__cohort_id", "attempt")
        .distinct()
        .order_by()
    )
    samples = []
    for cohort_id, attempt in set(handed_in) - drawn:
        cohort = Cohort.objects.get(pk=cohort_id)
        sample = moderation_sample_draw_if_complete(cohort=cohort, attempt=attempt, actor=None)
        if sample is not None:
            samples.append(sample)
    return samples


@transaction.atomic
def moderation_record(*, moderation, moderator, decision, comment, proposed_outcome=""):
    """The moderator agrees, or disagrees and proposes another outcome.

    The Quality Lead or a tutor of the cohort may moderate, never the script's first marker.
    Side effect: an audit row. Raises NotAModerator, DomainError for a disagreement without a
    comment or a different proposed outcome, TransitionError once decided.
    """
    moderation = (
        Moderation.objects.select_for_update(of=["self"])
        .select_related("submission__enrolment__cohort")
        .get(pk=moderation.pk)
    )
    if not rules.may_moderate(moderator, moderation):
        raise NotAModerator("You may not moderate this script: it needs a different moderator.")
    if moderation.state != ModerationState.PENDING:
        raise TransitionError(f"{moderation} has been decided already.")
    comment = comment.strip()
    if decision == ModerationDecision.DISAGREE:
        if not comment:
            raise DomainError("Say why you disagree.")
        if proposed_outcome not in Outcome.values or proposed_outcome == moderation.marker_outcome:
            raise DomainError("Propose an outcome different from the first marker's.")
        state = ModerationState.DISAGREED
    elif decision == ModerationDecision.AGREE:
        proposed_outcome = ""
        state = ModerationState.AGREED
    else:
        raise DomainError("Choose agree or disagree.")
    moderation.moderator = moderator
    moderation.decision = decision
    moderation.comment = comment
    moderation.proposed_outcome = proposed_outcome
    moderation.moderated_at = timezone.now()
    moderation.state = state
    if state == ModerationState.AGREED:
        moderation.agreed_outcome = moderation.marker_outcome
    moderation.save()
    audit_record(
        actor=moderator,
        action="moderation.record",
        target=moderation,
        changes={"state": [ModerationState.PENDING, state]},
        reason=comment,
    )
    return moderation


@transaction.atomic
def moderation_resolve(*, moderation, actor, agreed_outcome, note):
    """Settle a disagreement on the outcome the marker and moderator agreed; the script's
    outcome becomes it. Side effects: audit rows (the script's outcome change too)."""
    moderation = Moderation.objects.select_for_update().get(pk=moderation.pk)
    if moderation.state != ModerationState.DISAGREED:
        raise TransitionError(f"{moderation} has no disagreement to resolve.")
    if agreed_outcome not in Outcome.values:
        raise DomainError("Choose the agreed outcome.")
    if not note.strip():
        raise DomainError("Record how the disagreement was resolved.")
    submission = Submission.objects.select_for_update().get(pk=moderation.submission_id)
    if submission.state not in MARKED_STATES or submission.state == SubmissionState.RELEASED:
        raise TransitionError(f"{submission.reference} is {submission.get_state_display()}.")
    moderation.agreed_outcome = agreed_outcome
    moderation.resolved_by = actor
    moderation.resolved_at = timezone.now()
    moderation.resolution_note = note.strip()
    moderation.state = ModerationState.RESOLVED
    moderation.save()
    audit_record(
        actor=actor,
        action="moderation.resolve",
        target=moderation,
        changes={"state": [ModerationState.DISAGREED, ModerationState.RESOLVED]},
        reason=note.strip(),
    )
    if submission.outcome != agreed_outcome:
        audit_record(
            actor=actor,
            action="submission.outcome_moderated",
            target=submission,
            changes={"outcome": [submission.outcome, agreed_outcome]},
            reason=note.strip(),
        )
        submission.outcome = agreed_outcome
        submission.save(update_fields=["outcome"])
    return moderation


def _enrolment_lock_for(student, enrolment_id):
    """The student's own enrolment, locked; anyone else's does not exist for them."""
    try:
        return (
            Enrolment.objects.select_for_update(of=["self"])
            .select_related("cohort__module")
            .get(pk=enrolment_id, student=student)
        )
    except Enrolment.DoesNotExist:
        raise DomainError("There is no such enrolment of yours.") from None


def _open_window(enrolment):
    if enrolment.state != EnrolmentState.ENROLLED:
        raise SubmissionClosed("There is nothing to submit on this enrolment.")
    timeline = enrolment_timeline(
        enrolment=enrolment, submissions=submission_list_for_enrolment(enrolment=enrolment)
    )
    window = timeline.window
    if window is None:
        raise SubmissionClosed(
            "Nothing can be uploaded now: your work is submitted, or no attempt is open."
        )
    if not timeline.submission_open:
        raise SubmissionClosed(
            f"Submission opens on {timeline.submission_opens:%d/%m/%Y}: upload your assignment "
            "from then."
        )
    if timezone.now() > window.cutoff:
        raise SubmissionClosed(
            f"The cut-off ({timezone.localtime(window.cutoff):%d/%m/%Y %H:%M}) has passed: "
            "nothing more can be submitted. Contact the course administrator."
        )
    return window


# What a script in each state waits for, to say so when an action does not fit it.
SCRIPT_NEXT_STEPS = {
    SubmissionState.DRAFT: "the student has not submitted it",
    SubmissionState.NOT_MARKED: "its tutor has not marked it yet",
    SubmissionState.IN_MARKING: "its tutor has not finished marking it",
    SubmissionState.MARKED: "approve it for release first",
    SubmissionState.READY_FOR_RELEASE: "it is approved and waits to be released",
    SubmissionState.RELEASED: "its marks are released already",
}


def _submission_lock(submission, allowed, verb):
    submission = (
        Submission.objects.select_for_update(of=["self"])
        .select_related("enrolment__cohort")
        .get(pk=submission.pk)
    )
    if submission.state not in allowed:
        raise TransitionError(
            f"Cannot {verb} {submission.reference}: it is {submission.get_state_display().lower()}"
            f" ({SCRIPT_NEXT_STEPS[submission.state]})."
        )
    return submission


def _move(submission, to_state, actor, action, also_save=()):
    before = submission.state
    submission.state = to_state
    submission.save(update_fields=["state", *also_save])
    audit_record(
        actor=actor, action=action, target=submission, changes={"state": [before, to_state]}
    )


def _marks_snapshot(submission):
    return {
        "state": submission.state,
        "outcome": submission.outcome,
        "feedback": submission.feedback,
        "moderation_note": submission.moderation_note,
        "feedback_file": submission.feedback_filename,
    }


def _changed(before, after):
    return {key: [before[key], after[key]] for key in after if before[key] != after[key]}


def _email_on_commit(submission, template_name):
    submission_id = submission.pk
    transaction.on_commit(
        lambda: submission_email_send(submission_id=submission_id, name=template_name)
    )


def submission_email_send(*, submission_id, name):
    submission = Submission.objects.select_related(
        "enrolment__student", "enrolment__cohort__module"
    ).get(pk=submission_id)
    student_email_send(
        enrolment=submission.enrolment,
        template_prefix=f"assessment/email/{name}",
        submission=submission,
        deadline=enrolment_timeline(enrolment=submission.enrolment).deadline_of(submission),
    )


def _extension_email_send(extension_id):
    extension = Extension.objects.select_related(
        "enrolment__student", "enrolment__cohort__module"
    ).get(pk=extension_id)
    student_email_send(
        enrolment=extension.enrolment,
        template_prefix="assessment/email/extension_decided",
        extension=extension,
    )
