"""Working days in England and Wales: Monday to Friday, less the bank holidays in settings."""

import datetime

from django.conf import settings


def is_working_day(day, holidays=None):
    holidays = _holidays() if holidays is None else holidays
    return day.weekday() < 5 and day not in holidays


def add_working_days(start, count, holidays=None):
    """The date `count` working days after `start` (which itself does not count)."""
    holidays = _holidays() if holidays is None else holidays
    day = start
    while count > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day, holidays):
            count -= 1
    return day


def working_days_between(start, end, holidays=None):
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    holidays = _holidays() if holidays is None else holidays
    count, day = 0, start
    while day < end:
        day += datetime.timedelta(days=1)
        if is_working_day(day, holidays):
            count += 1
    return count


def _holidays():
    return frozenset(datetime.date.fromisoformat(day) for day in settings.BANK_HOLIDAYS)
