"""Financial years (April to March) and their quarters, as date ranges, and the form fields to
choose one (the dashboard and the reports filter by them)."""

import datetime

from django import forms
from django.utils import timezone

FIRST_FINANCIAL_YEAR = 2024


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


def financial_year_choices():
    """From next financial year back to the portal's first, newest first."""
    this_year = financial_year_of(timezone.localdate())
    return [("", "All years")] + [
        (year, financial_year_label(year))
        for year in range(this_year + 1, FIRST_FINANCIAL_YEAR - 1, -1)
    ]


def financial_year_field():
    """A financial year (April to March) or, left blank, all of them. The choices are worked
    out whenever the form is shown, so a new year appears without a restart."""
    return forms.TypedChoiceField(
        label="Financial year",
        choices=financial_year_choices,
        coerce=int,
        required=False,
        empty_value=None,
    )


def quarter_field():
    return forms.TypedChoiceField(
        label="Quarter",
        choices=[("", "Whole year"), *[(q, f"Q{q}") for q in range(1, 5)]],
        coerce=int,
        required=False,
        empty_value=None,
    )
