"""The benchmark data set: a national programme over five financial years, filled with bulk
inserts. At --enrolments 100000: 600 organisations, about 400 cohorts, 50,000 students,
80,000 scripts, moderation samples, evaluations and 60,000 certificates.

Every figure scales with --enrolments; random choices come from a fixed seed, so two runs
at one scale give the same data. Files are one small PDF shared by every script and one by
every certificate (their content would be identical anyway for a benchmark).
"""

import datetime
import hashlib
import random
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from accounts.choices import Role, Sector
from accounts.models import Organisation, Region, User
from assessment.choices import ModerationDecision, ModerationState, Outcome, SubmissionState
from assessment.models import Moderation, ModerationSample, Submission
from assessment.timeline import marking_due_date
from certificates.models import Certificate, CertificateNumberSequence
from certificates.services import certificate_number
from enrolment.choices import (
    PLACE_HOLDING_STATES,
    AgeBand,
    AttendanceStatus,
    Disability,
    EnrolmentState,
    Ethnicity,
    Sex,
)
from enrolment.models import Attendance, Enrolment, EqualityMonitoring
from evaluations.choices import SATISFACTION_ITEMS, SELF_RATING_ITEMS, RatingStage
from evaluations.models import CourseEvaluation, SelfRating
from imh_courses.periods import financial_year_of
from imh_courses.working_days import add_working_days, working_days_between
from modules.choices import CohortStatus
from modules.models import Cohort, TaughtDay
from seeding.demo.modules import seed_modules
from seeding.demo_files import pdf_with_text
from seeding.table_writer import TableWriter, sequences_reset

BENCH_PASSWORD = "kuf-bench"
YEARS = 5
TUTORS = 40
TAUGHT_DAYS = 3
# What becomes of an application in a finished cohort, in shares of 100.
FINISHED_OUTCOMES = [
    ("pass", 56),  # completed on the first attempt
    ("refer_then_pass", 11),  # completed on the second
    ("fail", 6),  # not passed
    ("withdrawn", 9),
    ("declined", 9),
    ("waitlisted_then_declined", 9),
]
# Most applicants answer the (optional) equality questions; each answer drawn evenly.
EQUALITY_ANSWERED = 0.8
EQUALITY_QUESTIONS = {
    "ethnicity": Ethnicity,
    "disability": Disability,
    "sex": Sex,
    "age_band": AgeBand,
}


class Command(BaseCommand):
    help = (
        "Fill an empty database with the benchmark data set (bulk inserts). "
        f"Every account's password is {BENCH_PASSWORD}. Refuses when DJANGO_ENV=production "
        "or when enrolments exist."
    )

    def add_arguments(self, parser):
        parser.add_argument("--enrolments", type=int, default=100_000)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, enrolments, seed, **options):
        if settings.PRODUCTION:
            raise CommandError("seed_bench refuses to run when DJANGO_ENV=production.")
        if enrolments < 100:
            raise CommandError("--enrolments must be at least 100.")
        if Enrolment.objects.exists():
            raise CommandError("seed_bench fills an empty database; this one has enrolments.")
        started = timezone.now()
        with transaction.atomic():
            # Repeatable made-up data, not secrets: a seeded generator is what is wanted.
            counts = BenchData(enrolments, random.Random(seed)).create()  # noqa: S311
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # planner statistics for the new rows, as autovacuum would
        seconds = (timezone.now() - started).total_seconds()
        summary = ", ".join(f"{count:,} {name}" for name, count in counts.items())
        self.stdout.write(f"Benchmark data ready in {seconds:.0f} s: {summary}.")


class BenchData:
    def __init__(self, enrolments, rng):
        self.enrolment_count = enrolments
        self.rng = rng
        self.today = timezone.localdate()
        self.now = timezone.now()
        self.password = make_password(BENCH_PASSWORD)

    def create(self):
        self.regions = list(Region.objects.order_by("code"))
        self.groups = dict(Group.objects.values_list("name", "pk"))
        self.modules = list(seed_modules().values())
        self.module_titles = {module.pk: module.title for module in self.modules}
        self.staff = self._staff()
        self.organisations = self._organisations()
        self.students = self._students()
        self.cohorts = self._cohorts()
        self._enrolments_and_what_follows()
        return {
            "organisations": len(self.organisations),
            "students": len(self.students),
            "cohorts": len(self.cohorts),
            "enrolments": Enrolment.objects.count(),
            "equality answers": EqualityMonitoring.objects.count(),
            "scripts": Submission.objects.count(),
            "moderated scripts": Moderation.objects.count(),
            "self-ratings": SelfRating.objects.count(),
            "certificates": Certificate.objects.count(),
        }

    # People and places

    def _staff(self):
        def one(email, role, staff):
            return self._users([(email, "Bench", role.title())], role, staff=staff)[0]

        staff = {
            "administrator": one("admin@bench.example.org", Role.COURSE_ADMINISTRATOR, True),
            "quality_lead": one("quality@bench.example.org", Role.QUALITY_LEAD, True),
            "kpog": one("kpog@bench.example.org", Role.KPOG_MEMBER, False),
            "tutors": self._users(
                [(f"tutor{n}@bench.example.org", "Tutor", f"Number {n}") for n in range(TUTORS)],
                Role.TUTOR,
                staff=True,
            ),
        }
        commissioners = self._users(
            [
                (f"commissioner.{region.code}@bench.example.org", "Commissioner", region.name)
                for region in self.regions
            ],
            Role.COMMISSIONER,
        )
        for commissioner, region in zip(commissioners, self.regions, strict=True):
            region.commissioners.add(commissioner)
        return staff

    def _users(self, specs, role, *, staff=False):
        users = User.objects.bulk_create(
            [
                User(
                    email=email,
                    given_name=given,
                    family_name=family,
                    password=self.password,
                    is_staff=staff,
                    email_confirmed_at=self.now,
                )
                for email, given, family in specs
            ]
        )
        User.groups.through.objects.bulk_create(
            [User.groups.through(user_id=user.pk, group_id=self.groups[role]) for user in users]
        )
        return users

    def _organisations(self):
        count = max(len(self.regions), min(600, self.enrolment_count // 166))
        sectors = Sector.values
        return Organisation.objects.bulk_create(
            [
                Organisation(
                    name=f"Bench organisation {n}",
                    sector=sectors[n % len(sectors)],
                    region=self.regions[n % len(self.regions)],
                )
                for n in range(count)
            ]
        )

    def _students(self):
        """Ids and names of the students, written by COPY with ids given."""
        first_id = _next_id(User)
        users = TableWriter(User, with_pk=True)
        memberships = TableWriter(User.groups.through)
        students = []
        for n in range(self.enrolment_count // 2):
            student_id, name = first_id + n, f"Learner Number{n}"
            users.add(
                id=student_id,
                email=f"learner{n}@bench.example.org",
                given_name="Learner",
                family_name=f"Number{n}",
                password=self.password,
                date_joined=self.now,
                email_confirmed_at=self.now,
            )
            memberships.add(user_id=student_id, group_id=self.groups[Role.STUDENT])
            students.append((student_id, name))
        users.flush()
        memberships.flush()
        sequences_reset(User)
        return students

    # Cohorts over five financial years, the last ones still running or open

    def _cohorts(self):
        count = max(4, self.enrolment_count // 250)
        first_year = financial_year_of(self.today) - (YEARS - 1)
        first_day = datetime.date(first_year, 4, 1)
        span = (self.today - first_day).days
        # The last few cohorts run now or open for applications; the rest are finished.
        recent = max(2, count // 40)
        cohorts = []
        for n in range(count):
            if n < count - recent:
                start = first_day + datetime.timedelta(days=span * n // (count - recent))
            else:
                start = self.today + datetime.timedelta(days=30 if (count - n) % 2 else -20)
            start += datetime.timedelta(days=(7 - start.weekday()) % 7)  # a Monday
            module = self.modules[n % len(self.modules)]
            cohorts.append(
                Cohort(
                    module=module,
                    code=f"BENCH-{module.code}-{n:04d}",
                    status=self._cohort_status(start),
                    start_date=start,
                    end_date=start + datetime.timedelta(days=14),
                    venue="Institute of Mental Health, Nottingham",
                    capacity=300,
                    applications_open=start - datetime.timedelta(days=90),
                    applications_close=start - datetime.timedelta(days=7),
                    assignment_deadline=timezone.make_aware(
                        datetime.datetime.combine(
                            start + datetime.timedelta(days=56), datetime.time(17)
                        )
                    ),
                    funding_reference=f"HMPPS-BENCH-{n:04d}",
                )
            )
        cohorts = Cohort.objects.bulk_create(cohorts)
        tutors = self.staff["tutors"]
        self.cohort_tutors = {
            cohort.pk: (tutors[n % TUTORS], tutors[(n + 1) % TUTORS])
            for n, cohort in enumerate(cohorts)
        }
        Cohort.tutors.through.objects.bulk_create(
            [
                Cohort.tutors.through(cohort_id=cohort_id, user_id=tutor.pk)
                for cohort_id, pair in self.cohort_tutors.items()
                for tutor in pair
            ]
        )
        Cohort.funding_regions.through.objects.bulk_create(
            [
                Cohort.funding_regions.through(
                    cohort_id=cohort.pk, region_id=self.regions[n % len(self.regions)].pk
                )
                for n, cohort in enumerate(cohorts)
            ]
        )
        self.taught_days = {
            cohort.pk: TaughtDay.objects.bulk_create(
                [
                    TaughtDay(
                        cohort=cohort,
                        date=cohort.start_date + datetime.timedelta(days=7 * week),
                        start_time=datetime.time(9, 30),
                        end_time=datetime.time(16, 30),
                        venue=cohort.venue,
                    )
                    for week in range(TAUGHT_DAYS)
                ]
            )
            for cohort in cohorts
        }
        return cohorts

    def _cohort_status(self, start):
        if start > self.today + datetime.timedelta(days=7):
            return CohortStatus.OPEN
        if start + datetime.timedelta(days=120) > self.today:
            return CohortStatus.RUNNING
        return CohortStatus.FINISHED

    # Enrolments, then what each one led to

    def _enrolments_and_what_follows(self):
        self.writers = {
            model: TableWriter(model, with_pk=model in (Enrolment, Submission, ModerationSample))
            for model in (
                Enrolment,
                EqualityMonitoring,
                Attendance,
                SelfRating,
                CourseEvaluation,
                Submission,
                ModerationSample,
                Moderation,
                Certificate,
            )
        }
        self.next_ids = {model: _next_id(model) for model in (Enrolment, Submission)}
        self.samples = {}  # sample id: (cohort id, scripts in it)
        self.sample_ids = {}  # cohort id: sample id
        self.certificate_numbers = {}
        self.script_file, self.certificate_file = self._shared_files()
        # Each student applies about twice; a student's second application goes to a cohort
        # half the list away from the first, never the same one.
        second_offset = len(self.cohorts) // 2 + 1
        for n in range(self.enrolment_count):
            student_index, round_ = n % len(self.students), n // len(self.students)
            cohort = self.cohorts[(student_index + round_ * second_offset) % len(self.cohorts)]
            self._enrolment(n, self.students[student_index], cohort)
        for sample_id, (cohort_id, scripts) in self.samples.items():
            self.writers[ModerationSample].add(
                id=sample_id,
                cohort_id=cohort_id,
                attempt=1,
                scripts_in_cohort=scripts,
                drawn_by_id=self.staff["quality_lead"].pk,
                drawn_at=self.now,
            )
        for writer in self.writers.values():
            writer.flush()
        sequences_reset(Enrolment, Submission, ModerationSample)
        CertificateNumberSequence.objects.bulk_create(
            [
                CertificateNumberSequence(year=year, last_number=n)
                for year, n in self.certificate_numbers.items()
            ]
        )

    def _enrolment(self, n, student, cohort):
        plan = self._plan(cohort)
        organisation = self.organisations[self.rng.randrange(len(self.organisations))]
        enrolment_id = self.next_ids[Enrolment]
        self.next_ids[Enrolment] += 1
        self.writers[Enrolment].add(
            id=enrolment_id,
            student_id=student[0],
            cohort_id=cohort.pk,
            state=plan.state,
            organisation_id=organisation.pk,
            job_title="Case manager",
            sector=organisation.sector,
            region_id=organisation.region_id,
            line_manager_name="A Manager",
            line_manager_email=f"manager{n % 500}@bench.example.org",
            applied_at=self._at(cohort.applications_open),
            state_changed_at=self._at(cohort.start_date),
            waitlisted_at=self._at(cohort.applications_close) if plan.waitlisted else None,
            withdrawal_reason="Changed role" if plan.state == EnrolmentState.WITHDRAWN else "",
        )
        if self.rng.random() < EQUALITY_ANSWERED:
            self.writers[EqualityMonitoring].add(
                enrolment_id=enrolment_id,
                answered_at=self._at(cohort.applications_open),
                **{
                    question: self.rng.choice(choices.values)
                    for question, choices in EQUALITY_QUESTIONS.items()
                },
            )
        if plan.state not in PLACE_HOLDING_STATES:
            return
        for day in self.taught_days[cohort.pk]:
            if day.date <= self.today:
                present = self.rng.random() < 0.92
                self.writers[Attendance].add(
                    enrolment_id=enrolment_id,
                    taught_day_id=day.pk,
                    status=AttendanceStatus.PRESENT if present else AttendanceStatus.ABSENT,
                    recorded_at=self.now,
                )
        self._rating(enrolment_id, RatingStage.BEFORE, low=2, high=6)
        outcomes = {
            "submitted": [None],
            "pass": [Outcome.PASS],
            "refer_then_pass": [Outcome.REFER, Outcome.PASS],
            "fail": [Outcome.FAIL],
        }.get(plan.scripts, [])
        for attempt, outcome in enumerate(outcomes, start=1):
            released_at = self._script(enrolment_id, cohort, attempt, outcome)
            if outcome == Outcome.PASS:
                self._certificate(enrolment_id, student[1], cohort, released_at)
        if plan.state == EnrolmentState.COMPLETED:
            self._rating(enrolment_id, RatingStage.AFTER, low=5, high=10)
            self.writers[CourseEvaluation].add(
                enrolment_id=enrolment_id,
                answered_at=self.now,
                went_well="Practical and well taught.",
                **{item: self.rng.randint(3, 5) for item in SATISFACTION_ITEMS},
            )

    def _plan(self, cohort):
        if cohort.status == CohortStatus.OPEN:
            return self.rng.choice(
                [
                    Plan(EnrolmentState.APPLIED),
                    Plan(EnrolmentState.ENROLLED),
                    Plan(EnrolmentState.WAITLISTED, waitlisted=True),
                ]
            )
        if cohort.status == CohortStatus.RUNNING:
            return self.rng.choice(
                [
                    Plan(EnrolmentState.ENROLLED),
                    Plan(EnrolmentState.ENROLLED, scripts="submitted"),
                    Plan(EnrolmentState.WITHDRAWN),
                ]
            )
        outcome = self.rng.choices(
            [name for name, _ in FINISHED_OUTCOMES], [share for _, share in FINISHED_OUTCOMES]
        )[0]
        return {
            "pass": Plan(EnrolmentState.COMPLETED, scripts="pass"),
            "refer_then_pass": Plan(EnrolmentState.COMPLETED, scripts="refer_then_pass"),
            "fail": Plan(EnrolmentState.NOT_PASSED, scripts="fail"),
            "withdrawn": Plan(EnrolmentState.WITHDRAWN),
            "declined": Plan(EnrolmentState.DECLINED),
            "waitlisted_then_declined": Plan(EnrolmentState.DECLINED, waitlisted=True),
        }[outcome]

    def _rating(self, enrolment_id, stage, *, low, high):
        self.writers[SelfRating].add(
            enrolment_id=enrolment_id,
            stage=stage,
            answered_at=self.now,
            **{item: self.rng.randint(low, high) for item in SELF_RATING_ITEMS},
        )

    def _script(self, enrolment_id, cohort, attempt, outcome):
        """One script; returns when its marks were released (None if not marked)."""
        script_id = self.next_ids[Submission]
        self.next_ids[Submission] += 1
        submitted_at = cohort.assignment_deadline - datetime.timedelta(days=self.rng.randint(0, 10))
        if attempt == 2:
            submitted_at += datetime.timedelta(days=42)
        script = {
            "id": script_id,
            "enrolment_id": enrolment_id,
            "attempt": attempt,
            "file": self.script_file["name"],
            "kind": "pdf",
            "filename": "assignment.pdf",
            "file_size": self.script_file["size"],
            "sha256": self.script_file["sha256"],
            "word_count": 2800,
            "declared_own_work": True,
            "declared_pseudonymised": True,
            "uploaded_at": submitted_at,
            "submitted_at": submitted_at,
            "marking_due": marking_due_date(submitted_at=submitted_at),
            "state": SubmissionState.NOT_MARKED,
        }
        if outcome is None:
            self.writers[Submission].add(**script)
            return None
        submitted_on = timezone.localdate(submitted_at)
        marked_on = add_working_days(submitted_on, self.rng.randint(5, 24))
        marked_at = submitted_at + (marked_on - submitted_on)
        released_at = marked_at + datetime.timedelta(days=5)
        script.update(
            state=SubmissionState.RELEASED,
            marker_id=self.cohort_tutors[cohort.pk][0].pk,
            outcome=outcome,
            feedback="Feedback on the assignment.",
            marked_at=marked_at,
            marking_working_days=working_days_between(submitted_on, marked_on),
            released_at=released_at,
        )
        self.writers[Submission].add(**script)
        if attempt == 1:
            self._moderation(script_id, cohort, outcome, marked_at)
        return released_at

    def _moderation(self, script_id, cohort, outcome, marked_at):
        """Every non-Pass and one Pass in ten of a cohort's first attempt is moderated; one in
        fifty is a disagreement, since resolved."""
        if outcome == Outcome.PASS and self.rng.random() >= 0.1:
            return
        sample_id = self.sample_ids.setdefault(cohort.pk, len(self.sample_ids) + 1)
        self.samples[sample_id] = (cohort.pk, self.samples.get(sample_id, (None, 0))[1] + 1)
        disagree = self.rng.random() < 0.02
        quality_lead = self.staff["quality_lead"].pk
        self.writers[Moderation].add(
            sample_id=sample_id,
            submission_id=script_id,
            marker_outcome=outcome,
            state=ModerationState.RESOLVED if disagree else ModerationState.AGREED,
            moderator_id=quality_lead,
            decision=ModerationDecision.DISAGREE if disagree else ModerationDecision.AGREE,
            comment="Checked against the pass rule.",
            proposed_outcome=outcome if disagree else "",
            agreed_outcome=outcome if disagree else "",
            moderated_at=marked_at,
            resolved_by_id=quality_lead if disagree else None,
            resolved_at=marked_at if disagree else None,
        )

    def _certificate(self, enrolment_id, holder_name, cohort, released_at):
        year = released_at.year
        self.certificate_numbers[year] = self.certificate_numbers.get(year, 0) + 1
        self.writers[Certificate].add(
            enrolment_id=enrolment_id,
            number=certificate_number(year=year, sequence=self.certificate_numbers[year]),
            holder_name=holder_name,
            module_title=self.module_titles[cohort.module_id],
            cohort_start=cohort.start_date,
            cohort_end=cohort.end_date,
            completed_on=released_at.date(),
            issued_at=released_at,
            issued_by_id=self.staff["administrator"].pk,
            pdf=self.certificate_file["name"],
            pdf_sha256=self.certificate_file["sha256"],
            pdf_rendered_at=released_at,
        )

    def _shared_files(self):
        script = pdf_with_text("A benchmark assignment.")
        storage = Submission._meta.get_field("file").storage
        script_name = storage.save("submissions/bench/assignment.pdf", ContentFile(script))
        certificate = pdf_with_text("A benchmark certificate.")
        certificate_name = Certificate._meta.get_field("pdf").storage.save(
            "certificates/bench/certificate.pdf", ContentFile(certificate)
        )
        return (
            {"name": script_name, "size": len(script), "sha256": _sha256(script)},
            {"name": certificate_name, "sha256": _sha256(certificate)},
        )

    def _at(self, day):
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def _next_id(model):
    return (model.objects.aggregate(last=Max("pk"))["last"] or 0) + 1


def _sha256(data):
    return hashlib.sha256(data).hexdigest()


@dataclass
class Plan:
    state: str
    scripts: str = "none"
    waitlisted: bool = False
