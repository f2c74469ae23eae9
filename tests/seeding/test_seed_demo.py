import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db.models import Avg
from django.utils import timezone

from accounts.choices import Role
from accounts.models import Organisation, User
from assessment.choices import SubmissionState
from assessment.models import ModerationSample, Submission
from certificates.models import Certificate
from enrolment.choices import EnrolmentState
from enrolment.models import Attendance, Enrolment
from evaluations.models import CourseEvaluation, SelfRating
from modules.choices import CohortStatus
from modules.models import Cohort, Module, TaughtDay
from oversight.models import OversightReview
from seeding.demo.enrolment import LEARNERS

pytestmark = pytest.mark.django_db

DEMO_ROLES = {
    "student@example.org": Role.STUDENT,
    "student2@example.org": Role.STUDENT,
    "tutor@example.org": Role.TUTOR,
    "tutor2@example.org": Role.TUTOR,
    "admin@example.org": Role.COURSE_ADMINISTRATOR,
    "quality@example.org": Role.QUALITY_LEAD,
    "kpog@example.org": Role.KPOG_MEMBER,
    "commissioner@example.org": Role.COMMISSIONER,
    "commissioner.north@example.org": Role.COMMISSIONER,
}


def _counts():
    return (
        User.objects.count(),
        Organisation.objects.count(),
        Module.objects.count(),
        Cohort.objects.count(),
        Enrolment.objects.count(),
        Attendance.objects.count(),
    )


def test_seed_demo_is_idempotent():
    call_command("seed_demo")
    first = _counts()
    call_command("seed_demo")
    assert _counts() == first
    assert first[:5] == (10 + len(LEARNERS), 7, 2, 6, 50)
    assert TaughtDay.objects.count() == 18


def test_seed_demo_accounts_sign_in_with_demo_password_and_hold_their_role(rf):
    call_command("seed_demo")
    for email, role in DEMO_ROLES.items():
        user = authenticate(rf.post("/accounts/login/"), username=email, password="kuf-demo")
        assert user is not None, email
        assert user.has_role(role)
    assert User.objects.get(email="admin@example.org").is_superuser


def test_seed_demo_commissioners_cover_different_regions():
    call_command("seed_demo")
    midlands = User.objects.get(email="commissioner@example.org").commissioned_regions
    north = User.objects.get(email="commissioner.north@example.org").commissioned_regions
    assert set(midlands.values_list("name", flat=True)) == {"East Midlands", "West Midlands"}
    assert set(north.values_list("name", flat=True)) == {"North East"}


def test_seed_demo_has_both_modules_and_past_running_upcoming_cohorts():
    call_command("seed_demo")
    titles = set(Module.objects.values_list("title", flat=True))
    assert titles == {
        "Engaging effectively with offenders with personality disorder",
        "Women, gender and personality disorder",
    }
    for module in Module.objects.all():
        statuses = set(module.cohorts.values_list("status", flat=True))
        assert statuses == {CohortStatus.FINISHED, CohortStatus.RUNNING, CohortStatus.OPEN}
    prisons = set(Organisation.objects.filter(sector="prison").values_list("name", flat=True))
    assert prisons == {"HMP Low Newton", "HMP Send", "HMP Foston Hall"}


def test_seed_demo_refuses_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="refuses to run when DJANGO_ENV=production"):
        call_command("seed_demo")
    assert User.objects.count() == 0


def test_seed_demo_shows_every_enrolment_state_and_a_full_cohort():
    call_command("seed_demo")
    assert set(Enrolment.objects.values_list("state", flat=True)) == set(EnrolmentState.values)
    full = Cohort.objects.get(code="KUF-WGPD-C")
    assert full.enrolments.filter(state=EnrolmentState.ENROLLED).count() == full.capacity
    assert Attendance.objects.filter(taught_day__cohort__code="KUF-OPD-A").exists()
    student = User.objects.get(email="student@example.org")
    assert set(student.enrolments.values_list("state", flat=True)) == {"completed", "enrolled"}


def test_seed_demo_shows_marking_states_for_the_demo_logins():
    call_command("seed_demo")
    call_command("seed_demo")
    states = set(Submission.objects.values_list("state", flat=True))
    assert states == set(SubmissionState.values)
    sam = Submission.objects.get(
        enrolment__student__email="student@example.org", state="not_marked"
    )
    assert sam.enrolment.cohort.status == CohortStatus.RUNNING
    passed = Submission.objects.get(enrolment__student__email="student@example.org", outcome="pass")
    assert passed.enrolment.state == "completed"
    referred = Submission.objects.get(
        enrolment__student__email="student2@example.org", outcome="refer"
    )
    assert (referred.state, referred.outcome) == ("released", "refer")
    assert referred.resubmission_deadline > timezone.now()
    blind = Cohort.objects.filter(blind_marking=True, status=CohortStatus.RUNNING).get()
    assert list(blind.tutors.values_list("email", flat=True)) == ["tutor2@example.org"]
    assert Submission.objects.filter(enrolment__cohort=blind).exclude(state="draft").exists()


def test_seed_demo_certificates_one_reissued_one_revoked():
    call_command("seed_demo")
    call_command("seed_demo")
    sam = Certificate.objects.get(enrolment__student__email="student@example.org")
    assert (sam.status, sam.reissue_count) == ("valid", 0)
    alex = Certificate.objects.get(enrolment__student__email="student2@example.org")
    assert (alex.holder_name, alex.reissue_count) == ("Alex Brennan", 1)
    assert Certificate.objects.filter(status="revoked").count() == 1
    completed = Enrolment.objects.filter(state="completed").count()
    assert Certificate.objects.count() == completed


def test_seed_demo_moderated_cohort_with_a_resolved_disagreement():
    call_command("seed_demo")
    call_command("seed_demo")
    sample = ModerationSample.objects.get(cohort__code="KUF-OPD-A")
    states = list(sample.moderations.values_list("state", flat=True))
    assert states.count("resolved") == 1
    assert set(states) == {"agreed", "resolved"}


def test_seed_demo_evaluations_show_an_uplift():
    call_command("seed_demo")
    call_command("seed_demo")
    before = SelfRating.objects.filter(stage="before").aggregate(Avg("confidence"))
    after = SelfRating.objects.filter(stage="after").aggregate(Avg("confidence"))
    assert after["confidence__avg"] > before["confidence__avg"]
    assert CourseEvaluation.objects.exists()


def test_seed_demo_reviews_one_signed_off_one_draft():
    call_command("seed_demo")
    call_command("seed_demo")
    states = dict(OversightReview.objects.values_list("kind", "state"))
    assert states == {"kpog": "signed_off", "quality_lead": "draft"}


def test_demo_shows_a_pass_awaiting_attendance_a_joined_waiting_list_and_a_closed_upload():
    call_command("seed_demo")
    awaiting = Enrolment.objects.filter(
        state=EnrolmentState.ENROLLED,
        submissions__state=SubmissionState.RELEASED,
        submissions__outcome="pass",
    )
    assert awaiting.exists()
    assert not Certificate.objects.filter(enrolment__in=awaiting).exists()
    assert Enrolment.objects.filter(
        student__email="student2@example.org", state=EnrolmentState.WAITLISTED
    ).exists()
    future = Cohort.objects.get(code="KUF-OPD-C")
    first_day = future.taught_days.order_by("date").first().date
    assert first_day > timezone.localdate()
