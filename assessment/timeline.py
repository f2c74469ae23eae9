"""One enrolment's dates, worked out in one place: its taught days, the deadline and cut-off of
each attempt (a granted extension moves the first; a resubmission has its own window), the
attempt open now, and when marking is due. Every page, email and service that shows or checks a
date of the course asks enrolment_timeline; nothing else works one out."""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone

from assessment.choices import ExtensionState, Outcome, SubmissionState
from enrolment.choices import EnrolmentState
from imh_courses.working_days import add_working_days


@dataclass(frozen=True)
class AttemptWindow:
    """The attempt a student may upload to now, when it is due, and when nothing more is taken."""

    attempt: int
    deadline: datetime.datetime
    cutoff: datetime.datetime
    submission: object  # its draft, if one is uploaded, else None


@dataclass(frozen=True)
class Timeline:
    taught_days: list
    next_taught_day: object  # the first taught day from today on, or None
    deadlines: dict = field(default_factory=dict)  # attempt -> its deadline
    window: AttemptWindow | None = None  # the attempt open now, if any
    awaiting_marks: object = None  # the submitted script still to be released, if any

    @property
    def first_taught_day(self):
        return self.taught_days[0].date if self.taught_days else None

    @property
    def last_taught_day(self):
        return self.taught_days[-1].date if self.taught_days else None

    @property
    def current_deadline(self):
        """The deadline to show: the open attempt's, else the latest attempt's."""
        if self.window is not None:
            return self.window.deadline
        return self.deadlines[max(self.deadlines)] if self.deadlines else None

    def deadline_of(self, submission):
        return self.deadlines.get(submission.attempt)

    def is_late(self, moment):
        """Whether work handed in at `moment` to the open attempt is late."""
        return self.window is not None and moment > self.window.deadline


def enrolment_timeline(*, enrolment, submissions=None, extensions=None, taught_days=None):
    """The timeline of `enrolment`. Pass its submissions, extensions and taught days when they
    are preloaded (pages listing several enrolments); each left out is read."""
    if submissions is None:
        submissions = enrolment.submissions.all()
    if extensions is None:
        extensions = enrolment.extensions.all()
    if taught_days is None:
        taught_days = enrolment.cohort.taught_days.all()
    by_attempt = {s.attempt: s for s in submissions}
    taught_days = sorted(taught_days, key=lambda day: (day.date, day.start_time))
    today = timezone.localdate()
    deadlines = _deadlines(enrolment, by_attempt, extensions)
    return Timeline(
        taught_days=taught_days,
        next_taught_day=next((day for day in taught_days if day.date >= today), None),
        deadlines=deadlines,
        window=_open_window(enrolment, by_attempt, deadlines),
        awaiting_marks=next(
            (
                s
                for s in sorted(by_attempt.values(), key=lambda s: -s.attempt)
                if s.state not in (SubmissionState.DRAFT, SubmissionState.RELEASED)
            ),
            None,
        ),
    )


def resubmission_deadline(*, cohort, released_at):
    """A referred first attempt may be resubmitted for the cohort's `resubmission_weeks` after
    its marks are released."""
    return released_at + datetime.timedelta(weeks=cohort.resubmission_weeks)


def marking_due_date(*, submitted_at):
    """When marking is due: the day of submission plus MARKING_WORKING_DAYS working days."""
    return add_working_days(timezone.localdate(submitted_at), settings.MARKING_WORKING_DAYS)


def _deadlines(enrolment, by_attempt, extensions):
    """The first attempt's deadline (the cohort's, or the latest granted extension's), and the
    resubmission's once a Refer of the first attempt is released."""
    granted = [e.requested_deadline for e in extensions if e.state == ExtensionState.GRANTED]
    deadlines = {1: max([enrolment.cohort.assignment_deadline, *granted])}
    first = by_attempt.get(1)
    if first is not None and first.resubmission_deadline is not None:
        deadlines[2] = first.resubmission_deadline
    return deadlines


def _open_window(enrolment, by_attempt, deadlines):
    if enrolment.state != EnrolmentState.ENROLLED:
        return None
    first, second = by_attempt.get(1), by_attempt.get(2)
    cutoff_after = datetime.timedelta(days=enrolment.cohort.cutoff_days)
    if first is None or first.state == SubmissionState.DRAFT:
        return AttemptWindow(1, deadlines[1], deadlines[1] + cutoff_after, first)
    referred = first.state == SubmissionState.RELEASED and first.outcome == Outcome.REFER
    if referred and 2 in deadlines and (second is None or second.state == SubmissionState.DRAFT):
        return AttemptWindow(2, deadlines[2], deadlines[2] + cutoff_after, second)
    return None
