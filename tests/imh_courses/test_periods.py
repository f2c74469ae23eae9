import datetime

import pytest

from imh_courses.periods import financial_year_label, financial_year_of, period_range

D = datetime.date


@pytest.mark.parametrize(
    ("day", "year"), [(D(2026, 3, 31), 2025), (D(2026, 4, 1), 2026), (D(2027, 1, 15), 2026)]
)
def test_financial_year_of(day, year):
    assert financial_year_of(day) == year


@pytest.mark.parametrize(
    ("quarter", "expected"),
    [
        (None, (D(2026, 4, 1), D(2027, 3, 31))),
        (1, (D(2026, 4, 1), D(2026, 6, 30))),
        (3, (D(2026, 10, 1), D(2026, 12, 31))),
        (4, (D(2027, 1, 1), D(2027, 3, 31))),
    ],
)
def test_period_range(quarter, expected):
    assert period_range(2026, quarter) == expected


def test_financial_year_label():
    assert financial_year_label(2026) == "2026-27"
    assert financial_year_label(2099) == "2099-00"
