import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from assessment.models import Moderation, ModerationSample, Submission
from certificates.models import Certificate, CertificateNumberSequence
from enrolment.choices import EnrolmentState, Ethnicity
from enrolment.models import Enrolment, EqualityMonitoring
from evaluations.models import SelfRating
from oversight.figures import Scope, dashboard_figures
from tests.factories import EnrolmentFactory

pytestmark = pytest.mark.django_db


def test_seed_bench_fills_every_state_at_the_scale_asked(tmp_path):
    call_command("seed_bench", enrolments=1000)
    assert Enrolment.objects.count() == 1000
    assert User.objects.filter(email__startswith="learner").count() == 500
    assert set(Enrolment.objects.values_list("state", flat=True)) == set(EnrolmentState.values)
    assert Submission.objects.filter(attempt=2).exists()
    assert Moderation.objects.count() > 0
    assert ModerationSample.objects.count() > 0
    certificates = Certificate.objects.count()
    assert certificates > 0
    assert sum(CertificateNumberSequence.objects.values_list("last_number", flat=True)) == (
        certificates
    )
    assert SelfRating.objects.filter(stage="after").exists()
    answered = EqualityMonitoring.objects.count()
    assert 700 < answered < 900  # about 80% answer the equality questions
    assert EqualityMonitoring.objects.values("ethnicity").distinct().count() == len(Ethnicity)
    # ids given explicitly: the sequences moved on, so the ORM can add rows after them
    assert EnrolmentFactory().pk > 1000
    figures = dashboard_figures(Scope())
    assert figures["applications"] == 1001
    assert figures["certificates"] == certificates


def test_seed_bench_refuses_a_database_with_enrolments():
    EnrolmentFactory()
    with pytest.raises(CommandError, match="empty database"):
        call_command("seed_bench", enrolments=1000)
    assert Enrolment.objects.count() == 1
