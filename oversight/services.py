"""Moderation: drawing a cohort's sample, the moderator's decision, resolving disagreements."""

import math
import random
from itertools import groupby

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from assessment.choices import AWAITING_MARKS, MARKED_STATES, Outcome, SubmissionState
from assessment.models import Submission
from audit.services import audit_record
from imh_courses.exceptions import DomainError, TransitionError
from modules.models import Cohort
from oversight.choices import ModerationDecision, ModerationState
from oversight.models import Moderation, ModerationSample
from oversight.rules import may_moderate


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
    """Draw the sample when the last script of the attempt has just been marked; else nothing."""
    if ModerationSample.objects.filter(cohort=cohort, attempt=attempt).exists():
        return None
    unfinished = Submission.objects.filter(
        enrolment__cohort=cohort, attempt=attempt, state__in=AWAITING_MARKS
    )
    if unfinished.exists():
        return None
    return moderation_sample_draw(cohort=cohort, attempt=attempt, actor=actor)


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
    if not may_moderate(moderator, moderation):
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
