import datetime

import pytest

from imh_courses.working_days import add_working_days, working_days_between

D = datetime.date


@pytest.mark.parametrize(
    ("start", "count", "expected"),
    [
        (D(2026, 11, 20), 1, D(2026, 11, 23)),  # Friday -> Monday
        (D(2026, 11, 21), 1, D(2026, 11, 23)),  # from a Saturday
        (D(2026, 12, 24), 1, D(2026, 12, 29)),  # Christmas Friday, Boxing Day moved to Monday 28th
        (D(2027, 3, 22), 20, D(2027, 4, 21)),  # across Good Friday and Easter Monday
        (D(2026, 8, 28), 1, D(2026, 9, 1)),  # the August bank holiday Monday
        (D(2026, 11, 23), 0, D(2026, 11, 23)),
    ],
)
def test_add_working_days_skips_weekends_and_bank_holidays(start, count, expected):
    assert add_working_days(start, count) == expected


def test_the_holiday_list_is_a_setting(settings):
    settings.BANK_HOLIDAYS = []
    assert add_working_days(D(2027, 3, 22), 20) == D(2027, 4, 19)


def test_working_days_between_counts_the_end_not_the_start():
    assert working_days_between(D(2027, 3, 25), D(2027, 3, 30)) == 1  # Easter in between
    assert working_days_between(D(2027, 3, 30), D(2027, 3, 25)) == 0
