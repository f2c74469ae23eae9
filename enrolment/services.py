"""Every change to an enrolment's state: one function per verb, each one transaction.

Place-taking moves lock the cohort row first (then the enrolment), so two requests for the
last place queue up behind each other instead of both seeing it free.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.services import organisation_find_or_suggest
from assessment.timeline import enrolment_timeline
from audit.services import audit_record
from enrolment.choices import PENDING_STATES, WITHDRAWABLE_STATES, EnrolmentState
from enrolment.models import Attendance, Enrolment, EqualityMonitoring
from enrolment.selectors import cohort_places_left, enrolment_list_holding_place
from imh_courses.exceptions import DomainError, TransitionError
from imh_courses.mail import send_templated_email
from modules.choices import CohortStatus
from modules.models import Cohort

# Waiting-list places are offered only before the course starts running.
PROMOTION_COHORT_STATUSES = [CohortStatus.OPEN, CohortStatus.CLOSED]


class CohortNotOpen(DomainError):
    pass


class CohortFull(DomainError):
    pass


class AlreadyApplied(DomainError):
    pass


@transaction.atomic
def enrolment_apply(
    *,
    student,
    cohort,
    job_title,
    sector,
    region,
    works_with_women_in_cjs,
    line_manager_name,
    line_manager_email,
    organisation=None,
    new_organisation_name="",
    reasonable_adjustments="",
):
    """Apply for a place on an open cohort, or join its waiting list when it is full.

    The enrolment starts as applied when the cohort needs approval (full or not: the course
    administrator decides); otherwise enrolled at once while places are left, then waitlisted
    (the waiting list gives places in the order people joined). Side effects: a new unconfirmed
    Organisation when `new_organisation_name` names one not known in `region`; an audit row;
    after commit, the "application received", "enrolled" or "waiting list" email. Raises
    CohortNotOpen or AlreadyApplied, writing nothing.
    """
    cohort = _cohort_lock(cohort.pk)
    application_check(student=student, cohort=cohort)
    if organisation is None:
        organisation = organisation_find_or_suggest(
            name=new_organisation_name, sector=sector, region=region
        )
    state = _application_state(cohort)
    try:
        with transaction.atomic():
            enrolment = Enrolment.objects.create(
                student=student,
                cohort=cohort,
                state=state,
                organisation=organisation,
                job_title=job_title,
                sector=sector,
                region=region,
                works_with_women_in_cjs=works_with_women_in_cjs,
                line_manager_name=line_manager_name,
                line_manager_email=line_manager_email,
                reasonable_adjustments=reasonable_adjustments,
                waitlisted_at=timezone.now() if state == EnrolmentState.WAITLISTED else None,
            )
    except IntegrityError:
        raise AlreadyApplied(f"You have already applied for {cohort.code}.") from None
    audit_record(
        actor=student, action="enrolment.apply", target=enrolment, changes={"state": [None, state]}
    )
    _email_on_commit(enrolment, APPLICATION_EMAILS[state])
    return enrolment


APPLICATION_EMAILS = {
    EnrolmentState.APPLIED: "application_received",
    EnrolmentState.ENROLLED: "enrolled",
    EnrolmentState.WAITLISTED: "waitlisted",
}


def _application_state(cohort):
    if cohort.approval_required:
        return EnrolmentState.APPLIED
    if cohort_places_left(cohort=cohort) > 0:
        return EnrolmentState.ENROLLED
    return EnrolmentState.WAITLISTED


def application_check(*, student, cohort):
    """Raise what enrolment_apply would raise now, so a page can say so before the form."""
    if not cohort.is_taking_applications:
        raise CohortNotOpen(f"{cohort.code} is not open for applications.")
    if Enrolment.objects.filter(student=student, cohort=cohort).exists():
        raise AlreadyApplied(
            f"You have already applied for {cohort.code}. Your dashboard shows where it stands."
        )


@transaction.atomic
def enrolment_approve(*, enrolment, actor):
    """Applied or waitlisted -> enrolled, while a place is left.

    Side effects: an audit row; after commit, the "enrolled" email. Raises TransitionError from
    any other state and CohortFull when no place is left.
    """
    cohort = _cohort_lock(enrolment.cohort_id)
    enrolment = _enrolment_lock(enrolment.pk, allowed=PENDING_STATES, verb="approve")
    if cohort_places_left(cohort=cohort) <= 0:
        raise CohortFull(
            f"No place is left on {cohort.code}: put the application on the waiting list."
        )
    _move(enrolment, EnrolmentState.ENROLLED, actor=actor, action="enrolment.approve")
    _email_on_commit(enrolment, "enrolled")
    return enrolment


@transaction.atomic
def enrolment_waitlist(*, enrolment, actor):
    """Applied -> waitlisted, queued by the time it joins the list.

    Side effects: an audit row; after commit, the "waitlisted" email.
    """
    _cohort_lock(enrolment.cohort_id)
    enrolment = _enrolment_lock(enrolment.pk, allowed=[EnrolmentState.APPLIED], verb="waitlist")
    enrolment.waitlisted_at = timezone.now()
    _move(
        enrolment,
        EnrolmentState.WAITLISTED,
        actor=actor,
        action="enrolment.waitlist",
        also_save=["waitlisted_at"],
    )
    _email_on_commit(enrolment, "waitlisted")
    return enrolment


@transaction.atomic
def enrolment_decline(*, enrolment, actor, reason=""):
    """Applied or waitlisted -> declined.

    Side effects: an audit row; after commit, the "declined" email.
    """
    enrolment = _enrolment_lock(enrolment.pk, allowed=PENDING_STATES, verb="decline")
    _move(
        enrolment, EnrolmentState.DECLINED, actor=actor, action="enrolment.decline", reason=reason
    )
    _email_on_commit(enrolment, "declined")
    return enrolment


@transaction.atomic
def enrolment_withdraw(*, enrolment, actor, reason):
    """Applied, waitlisted or enrolled -> withdrawn, by the student or an administrator.

    A place given up goes to the first person on the waiting list (cohort_waitlist_promote).
    Side effects: audit rows; after commit, the "withdrawn" email and any "place offered" ones.
    Raises DomainError without a reason, TransitionError from any other state.
    """
    reason = reason.strip()
    if not reason:
        raise DomainError("Give a reason for the withdrawal.")
    cohort = _cohort_lock(enrolment.cohort_id)
    enrolment = _enrolment_lock(enrolment.pk, allowed=WITHDRAWABLE_STATES, verb="withdraw")
    enrolment.withdrawal_reason = reason
    _move(
        enrolment,
        EnrolmentState.WITHDRAWN,
        actor=actor,
        action="enrolment.withdraw",
        reason=reason,
        also_save=["withdrawal_reason"],
    )
    _email_on_commit(enrolment, "withdrawn")
    _waitlist_promote(cohort)
    return enrolment


@transaction.atomic
def enrolment_complete(*, enrolment, actor):
    """Enrolled -> completed: the assignment passed (called by the assessment release)."""
    enrolment = _enrolment_lock(enrolment.pk, allowed=[EnrolmentState.ENROLLED], verb="complete")
    _move(enrolment, EnrolmentState.COMPLETED, actor=actor, action="enrolment.complete")
    return enrolment


@transaction.atomic
def enrolment_not_passed(*, enrolment, actor):
    """Enrolled -> not passed: the assignment failed (called by the assessment release)."""
    enrolment = _enrolment_lock(
        enrolment.pk, allowed=[EnrolmentState.ENROLLED], verb="close as not passed"
    )
    _move(enrolment, EnrolmentState.NOT_PASSED, actor=actor, action="enrolment.not_passed")
    return enrolment


@transaction.atomic
def cohort_waitlist_promote(*, cohort):
    """Offer every free place to the waiting list, first come first served.

    Used after a withdrawal and by administrators after raising a cohort's capacity. Returns the
    enrolments promoted. Side effects: audit rows; after commit, "place offered" emails.
    """
    return _waitlist_promote(_cohort_lock(cohort.pk))


def _waitlist_promote(cohort):
    if cohort.status not in PROMOTION_COHORT_STATUSES:
        return []
    free = cohort_places_left(cohort=cohort)
    if free <= 0:
        return []
    waiting = (
        Enrolment.objects.select_for_update()
        .filter(cohort=cohort, state=EnrolmentState.WAITLISTED)
        .order_by("waitlisted_at", "pk")[:free]
    )
    promoted = []
    for enrolment in waiting:
        _move(enrolment, EnrolmentState.ENROLLED, actor=None, action="enrolment.promote")
        _email_on_commit(enrolment, "place_offered")
        promoted.append(enrolment)
    return promoted


@transaction.atomic
def equality_monitoring_answer(*, enrolment, ethnicity, disability, sex, age_band):
    """Store (or replace) the optional equality answers given with an application."""
    answers, _ = EqualityMonitoring.objects.update_or_create(
        enrolment=enrolment,
        defaults={
            "ethnicity": ethnicity,
            "disability": disability,
            "sex": sex,
            "age_band": age_band,
            "answered_at": timezone.now(),
        },
    )
    return answers


@transaction.atomic
def attendance_record(*, taught_day, statuses, actor):
    """Record the register of one taught day: `statuses` maps enrolment ids to a status.

    Only students holding a place on the day's cohort can be marked. Side effects: an audit row
    for each status that changed. Raises DomainError, writing nothing, for any other id.
    """
    holding = {e.pk: e for e in enrolment_list_holding_place(cohort=taught_day.cohort)}
    unknown = set(statuses) - set(holding)
    if unknown:
        raise DomainError("The register lists someone who is not enrolled on this cohort.")
    existing = {a.enrolment_id: a for a in taught_day.attendance.select_for_update()}
    changed = 0
    for enrolment_id, status in statuses.items():
        record = existing.get(enrolment_id)
        before = record.status if record else None
        if before == status:
            continue
        if record is None:
            record = Attendance(enrolment=holding[enrolment_id], taught_day=taught_day)
        record.status = status
        record.recorded_by = actor
        record.recorded_at = timezone.now()
        record.save()
        audit_record(
            actor=actor,
            action="attendance.record",
            target=record,
            changes={"status": [before, status]},
        )
        changed += 1
    return changed


def _cohort_lock(cohort_id):
    return Cohort.objects.select_for_update().get(pk=cohort_id)


def _enrolment_lock(enrolment_id, *, allowed, verb):
    enrolment = (
        Enrolment.objects.select_for_update(of=["self"])
        .select_related("student", "cohort")
        .get(pk=enrolment_id)
    )
    if enrolment.state not in allowed:
        raise TransitionError(
            f"Cannot {verb} {enrolment.student.full_name}'s enrolment on {enrolment.cohort.code}: "
            f"it is {enrolment.get_state_display().lower()}."
        )
    return enrolment


def _move(enrolment, to_state, *, actor, action, reason="", also_save=()):
    before = enrolment.state
    enrolment.state = to_state
    enrolment.state_changed_at = timezone.now()
    enrolment.save(update_fields=["state", "state_changed_at", *also_save])
    audit_record(
        actor=actor,
        action=action,
        target=enrolment,
        changes={"state": [before, to_state]},
        reason=reason,
    )


def _email_on_commit(enrolment, template_name):
    enrolment_id = enrolment.pk
    transaction.on_commit(
        lambda: enrolment_email_send(enrolment_id=enrolment_id, name=template_name)
    )


def enrolment_email_send(*, enrolment_id, name):
    enrolment = Enrolment.objects.select_related("student", "cohort__module").get(pk=enrolment_id)
    student_email_send(
        enrolment=enrolment,
        template_prefix=f"enrolment/email/{name}",
        timeline=enrolment_timeline(enrolment=enrolment),
    )


def student_email_send(*, enrolment, template_prefix, **context):
    """Email the enrolment's student, the templates given the enrolment, student, cohort and
    module besides `context`. Every email about a student's course goes through here."""
    send_templated_email(
        template_prefix=template_prefix,
        to=enrolment.student.email,
        context={
            "enrolment": enrolment,
            "student": enrolment.student,
            "cohort": enrolment.cohort,
            "module": enrolment.cohort.module,
            **context,
        },
    )
