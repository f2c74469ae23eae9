import datetime

import pytest
from django.db import IntegrityError

from tests.factories import CohortFactory, TaughtDayFactory

pytestmark = pytest.mark.django_db


def test_taught_day_needs_a_venue_unless_online():
    with pytest.raises(IntegrityError):
        TaughtDayFactory(venue="", is_online=False)


def test_taught_day_must_end_after_it_starts():
    with pytest.raises(IntegrityError):
        TaughtDayFactory(start_time=datetime.time(16), end_time=datetime.time(9))


def test_cohort_has_one_taught_day_per_date():
    cohort = CohortFactory()
    TaughtDayFactory(cohort=cohort)
    with pytest.raises(IntegrityError):
        TaughtDayFactory(cohort=cohort)


def test_online_day_shows_online_as_its_place():
    assert TaughtDayFactory(is_online=True, venue="").place == "Online"
