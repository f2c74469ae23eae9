"""Demo applications and enrolments for `seed_demo`, in every state, with registers taken.

Demo data describes a history, so it sets states directly, as test factories do; everything the
portal itself does goes through enrolment.services.
"""

from datetime import datetime, time, timedelta

from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.choices import Role
from accounts.models import User
from enrolment.choices import PLACE_HOLDING_STATES, AttendanceStatus, EnrolmentState
from enrolment.models import Attendance, Enrolment, EqualityMonitoring

S = EnrolmentState

# Learners who fill the cohorts. They cannot sign in (no password); the demo logins are the
# accounts in seeding.demo.accounts.
LEARNERS = [
    ("Aisha", "Khan"),
    ("Ben", "Carter"),
    ("Chloe", "Davies"),
    ("Daniel", "Evans"),
    ("Emma", "Fletcher"),
    ("Farah", "Ghani"),
    ("George", "Hall"),
    ("Hannah", "Iqbal"),
    ("Isaac", "Jones"),
    ("Jade", "Kowalski"),
    ("Kieran", "Lewis"),
    ("Laura", "Morgan"),
    ("Mohammed", "Nasser"),
    ("Niamh", "O'Brien"),
    ("Owen", "Price"),
    ("Poppy", "Quinn"),
]

# Cohort code -> the states of the learners taken in order from LEARNERS.
LEARNER_STATES = {
    "KUF-OPD-A": [S.COMPLETED] * 6 + [S.NOT_PASSED, S.WITHDRAWN],
    "KUF-WGPD-A": [S.COMPLETED] * 5 + [S.NOT_PASSED, S.WITHDRAWN],
    "KUF-OPD-B": [S.ENROLLED] * 7 + [S.WITHDRAWN],
    "KUF-WGPD-B": [S.ENROLLED] * 6,
    "KUF-OPD-C": [S.APPLIED] * 3 + [S.DECLINED, S.ENROLLED, S.ENROLLED],
    # Full: every place taken, two on the waiting list and one still to be decided.
    "KUF-WGPD-C": [S.ENROLLED] * 8 + [S.WAITLISTED, S.APPLIED],
}
DEMO_LOGIN_STATES = [
    ("student@example.org", "KUF-OPD-A", S.COMPLETED),
    ("student@example.org", "KUF-WGPD-B", S.ENROLLED),
    ("student2@example.org", "KUF-WGPD-C", S.WAITLISTED),
    ("student2@example.org", "KUF-OPD-B", S.ENROLLED),
    ("student2@example.org", "KUF-WGPD-A", S.COMPLETED),
]
CAPACITY = {"KUF-WGPD-C": 8}
JOB_TITLES = ["Prison officer", "Probation officer", "Mental health nurse", "Key worker"]


def seed_enrolments(cohorts, people, organisations):
    """Create or refresh the demo enrolments; returns how many there are."""
    for code, capacity in CAPACITY.items():
        cohorts[code].capacity = capacity
        cohorts[code].save(update_fields=["capacity"])
    learners = _seed_learners()
    organisation_list = list(organisations.values())
    placed = []
    for code, states in LEARNER_STATES.items():
        for learner, state in zip(learners, states, strict=False):
            placed.append((learner, cohorts[code], state))
    for email, code, state in DEMO_LOGIN_STATES:
        placed.append((people[email], cohorts[code], state))
    enrolments = [
        _enrolment(student, cohort, state, organisation_list[index % len(organisation_list)], index)
        for index, (student, cohort, state) in enumerate(placed)
    ]
    _seed_attendance(enrolments)
    _seed_equality_monitoring(enrolments)
    return len(enrolments)


# Answers for most applications (every fifth skips the questions), so the equality report shows
# counts large enough to print and small ones it suppresses.
ETHNICITIES = ["white", "white", "white", "asian", "black", "white", "mixed", "prefer_not_to_say"]
AGE_BANDS = ["25-34", "35-44", "45-54", "35-44", "25-34", "55-64"]


def _seed_equality_monitoring(enrolments):
    for index, enrolment in enumerate(enrolments):
        if index % 5 == 4:
            continue
        EqualityMonitoring.objects.update_or_create(
            enrolment=enrolment,
            defaults={
                "ethnicity": ETHNICITIES[index % len(ETHNICITIES)],
                "disability": "yes" if index % 7 == 0 else "no",
                "sex": "female" if index % 3 else "male",
                "age_band": AGE_BANDS[index % len(AGE_BANDS)],
            },
        )


def _seed_learners():
    students = Group.objects.get(name=Role.STUDENT)
    learners = []
    for given, family in LEARNERS:
        email = f"{given}.{family}@example.org".lower().replace("'", "")
        user, created = User.objects.get_or_create(
            email=email,
            defaults={
                "given_name": given,
                "family_name": family,
                "certificate_name": f"{given} {family}",
                "email_confirmed_at": timezone.now(),
            },
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
            user.groups.add(students)
        learners.append(user)
    return learners


def _enrolment(student, cohort, state, organisation, index):
    opened = timezone.make_aware(datetime.combine(cohort.applications_open, time(9)))
    applied_at = min(opened + timedelta(days=index % 20), timezone.now() - timedelta(days=1))
    enrolment, _ = Enrolment.objects.update_or_create(
        student=student,
        cohort=cohort,
        defaults={
            "state": state,
            "organisation": organisation,
            "job_title": JOB_TITLES[index % len(JOB_TITLES)],
            "sector": organisation.sector,
            "region": organisation.region,
            "works_with_women_in_cjs": cohort.module.code == "KUF-WGPD",
            "line_manager_name": "Chris Manager",
            "line_manager_email": "line.manager@example.org",
            "applied_at": applied_at,
            "waitlisted_at": applied_at + timedelta(days=3) if state == S.WAITLISTED else None,
            "state_changed_at": applied_at + timedelta(days=3),
            "withdrawal_reason": "Changed role and can no longer attend."
            if state == S.WITHDRAWN
            else "",
        },
    )
    return enrolment


def _seed_attendance(enrolments):
    """Registers of every taught day already held: nearly everyone present, a few not."""
    today = timezone.localdate()
    for index, enrolment in enumerate(enrolments):
        if enrolment.state not in PLACE_HOLDING_STATES:
            continue
        for day in enrolment.cohort.taught_days.filter(date__lt=today):
            status = AttendanceStatus.PRESENT
            if index % 7 == 3:
                status = AttendanceStatus.PARTIAL if day.date.day % 2 else AttendanceStatus.ABSENT
            Attendance.objects.update_or_create(
                enrolment=enrolment, taught_day=day, defaults={"status": status}
            )
