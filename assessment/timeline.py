"""One enrolment's dates and course rules, worked out in one place: its taught days and how many
it attended, when submission opens, the deadline and cut-off of each attempt (a granted
extension moves the first; a resubmission has its own window), the attempt open now, when
marking is due, and whether the course is taught and its attendance criterion met. Every page,
email and service that shows or checks a date of the course asks enrolment_timeline; nothing
else works one out."""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone

from assessment.choices import ExtensionState, Outcome, SubmissionState
from enrolment.choices import ATTENDED_STATUSES, EnrolmentState
from imh_courses.working_days import add_working_days


@dataclass(frozen=True)
class AttemptWindow:
    """The attempt a student may upload to now, when it is due, and when nothing more is taken."""

    attempt: int
    deadline: datetime.datetime
    cutoff: datetime.datetime
    submission: object  # its draft, if one is uploaded, else None

    def is_late(self, moment):
        """Whether work handed in at `moment` is late for this attempt."""
        return moment > self.deadline


@dataclass(frozen=True)
class Timeline:
    taught_days: list
    next_taught_day: object  # the first taught day from today on, or None
    submission_opens: datetime.date | None  # None: at once
    attended_days: int  # taught days recorded as attended (ATTENDED_STATUSES)
    attendance_required: int  # taught days to attend to complete (0 with none)
    deadlines: dict = field(default_factory=dict)  # attempt -> its deadline
    cutoffs: dict = field(default_factory=dict)  # attempt -> when nothing more is taken
    window: AttemptWindow | None = None  # the attempt open now, if any
    awaiting_marks: object = None  # the submitted script still to be released, if any
    passed: bool = False  # a Pass is released
    submitted: bool = False  # a script is handed in (any attempt)

    @property
    def last_taught_day(self):
        return self.taught_days[-1].date if self.taught_days else None

    @property
    def current_deadline(self):
        """The deadline to show: the open attempt's, else the latest attempt's."""
        if self.window is not None:
            return self.window.deadline
        return self.deadlines[max(self.deadlines)] if self.deadlines else None

    @property
    def submission_open(self):
        return self.submission_opens is None or timezone.localdate() >= self.submission_opens

    @property
    def course_taught(self):
        """Its last taught day has come (a cohort with none is taught from the start)."""
        return self.last_taught_day is None or timezone.localdate() >= self.last_taught_day

    @property
    def before_rating_open(self):
        """The confidence rating before the course: until the end of the first taught day."""
        return not self.taught_days or timezone.now() < _ends(self.taught_days[0])

    @property
    def after_course_open(self):
        """The rating after the course and the course evaluation: from the end of the last
        taught day (with no taught days, once a script is handed in)."""
        if not self.taught_days:
            return self.submitted
        return timezone.now() >= _ends(self.taught_days[-1])

    @property
    def attendance_met(self):
        return self.attended_days >= self.attendance_required

    @property
    def attendance_missing(self):
        return max(self.attendance_required - self.attended_days, 0)

    def deadline_of(self, submission):
        return self.deadlines.get(submission.attempt)


def enrolment_timeline(
    *, enrolment, submissions=None, extensions=None, taught_days=None, attendance=None
):
    """The timeline of `enrolment`. Pass its submissions, extensions, taught days and
    attendance records when they are at hand; each left out is read (or taken from what was
    prefetched)."""
    if submissions is None:
        submissions = enrolment.submissions.all()
    if extensions is None:
        extensions = enrolment.extensions.all()
    if taught_days is None:
        taught_days = enrolment.cohort.taught_days.all()
    if attendance is None:
        attendance = enrolment.attendance.all()
    by_attempt = {s.attempt: s for s in submissions}
    taught_days = sorted(taught_days, key=lambda day: (day.date, day.start_time))
    today = timezone.localdate()
    deadlines = _deadlines(enrolment, by_attempt, extensions)
    cohort = enrolment.cohort
    late_for = datetime.timedelta(days=cohort.cutoff_days)
    cutoffs = {attempt: deadline + late_for for attempt, deadline in deadlines.items()}
    return Timeline(
        taught_days=taught_days,
        next_taught_day=next((day for day in taught_days if day.date >= today), None),
        submission_opens=cohort.submission_opens or (taught_days[0].date if taught_days else None),
        attended_days=sum(1 for record in attendance if record.status in ATTENDED_STATUSES),
        attendance_required=_attendance_required(cohort, taught_days),
        deadlines=deadlines,
        cutoffs=cutoffs,
        window=_open_window(enrolment, by_attempt, deadlines, cutoffs),
        passed=any(
            s.state == SubmissionState.RELEASED and s.outcome == Outcome.PASS
            for s in by_attempt.values()
        ),
        submitted=any(s.state != SubmissionState.DRAFT for s in by_attempt.values()),
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


def _ends(taught_day):
    return datetime.datetime.combine(
        taught_day.date, taught_day.end_time, tzinfo=timezone.get_current_timezone()
    )


def _attendance_required(cohort, taught_days):
    if cohort.attendance_required is None:
        return len(taught_days)
    return min(cohort.attendance_required, len(taught_days))


def _deadlines(enrolment, by_attempt, extensions):
    """The first attempt's deadline (the cohort's, or the latest granted extension's), and the
    resubmission's once a Refer of the first attempt is released."""
    granted = [e.requested_deadline for e in extensions if e.state == ExtensionState.GRANTED]
    deadlines = {1: max([enrolment.cohort.assignment_deadline, *granted])}
    first = by_attempt.get(1)
    if first is not None and first.resubmission_deadline is not None:
        deadlines[2] = first.resubmission_deadline
    return deadlines


def _open_window(enrolment, by_attempt, deadlines, cutoffs):
    if enrolment.state != EnrolmentState.ENROLLED:
        return None
    first, second = by_attempt.get(1), by_attempt.get(2)
    if first is None or first.state == SubmissionState.DRAFT:
        return AttemptWindow(1, deadlines[1], cutoffs[1], first)
    referred = first.state == SubmissionState.RELEASED and first.outcome == Outcome.REFER
    if referred and 2 in deadlines and (second is None or second.state == SubmissionState.DRAFT):
        return AttemptWindow(2, deadlines[2], cutoffs[2], second)
    return None
