"""Financial years (April to March) and their quarters, as date ranges."""

import datetime


def financial_year_of(day):
    """The year a financial year starts in: 1 April 2026 to 31 March 2027 is 2026."""
    return day.year if day.month >= 4 else day.year - 1


def financial_year_label(start_year):
    return f"{start_year}-{(start_year + 1) % 100:02d}"


def period_range(start_year, quarter=None):
    """[first day, last day] of a financial year, or of its quarter 1 to 4 (Q1 is April-June)."""
    if quarter is None:
        return datetime.date(start_year, 4, 1), datetime.date(start_year + 1, 3, 31)
    first_month = 4 + 3 * (quarter - 1)
    year = start_year + (first_month - 1) // 12
    month = (first_month - 1) % 12 + 1
    first = datetime.date(year, month, 1)
    next_month = month + 3
    next_first = datetime.date(year + (next_month - 1) // 12, (next_month - 1) % 12 + 1, 1)
    return first, next_first - datetime.timedelta(days=1)
