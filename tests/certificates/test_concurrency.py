"""Issuing at the same moment: one certificate per enrolment, numbers never shared."""

import pytest
from django.utils import timezone

from certificates import services
from certificates.models import Certificate
from enrolment.choices import EnrolmentState
from tests.concurrency import all_at_once, needs_postgresql
from tests.factories import EnrolmentFactory

pytestmark = [pytest.mark.django_db(transaction=True), needs_postgresql]


def _issuing(enrolment):
    return lambda: services.certificate_issue(enrolment=enrolment, actor=None)


def test_simultaneous_issues_for_one_enrolment_give_one_certificate():
    enrolment = EnrolmentFactory(state=EnrolmentState.COMPLETED)
    outcomes = all_at_once([_issuing(enrolment)] * 6)
    assert outcomes == ["ok"] * 6
    assert Certificate.objects.filter(enrolment=enrolment).count() == 1


def test_simultaneous_issues_share_no_number_and_leave_no_gap():
    enrolments = EnrolmentFactory.create_batch(8, state=EnrolmentState.COMPLETED)
    outcomes = all_at_once([_issuing(enrolment) for enrolment in enrolments])
    assert outcomes == ["ok"] * 8
    year = timezone.localdate().year
    assert sorted(Certificate.objects.values_list("number", flat=True)) == [
        f"IMH-KUF-{year}-{n:05d}" for n in range(1, 9)
    ]
