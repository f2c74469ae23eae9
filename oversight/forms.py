from django import forms
from django.utils import timezone

from accounts.models import Region
from modules.models import Cohort, Module
from oversight.periods import financial_year_label, financial_year_of

FIRST_FINANCIAL_YEAR = 2024


class DashboardFilterForm(forms.Form):
    """Filters of the dashboard, read from the query string. A value that makes no sense is
    dropped (the page says so) rather than refused."""

    module = forms.ModelChoiceField(
        Module.objects.all(), label="Module", required=False, empty_label="All"
    )
    cohort = forms.ModelChoiceField(
        Cohort.objects.order_by("-start_date"), label="Cohort", required=False, empty_label="All"
    )
    region = forms.ModelChoiceField(
        Region.objects.all(), label="Region", required=False, empty_label="All"
    )
    financial_year = forms.TypedChoiceField(
        label="Financial year", coerce=int, required=False, empty_value=None
    )
    quarter = forms.TypedChoiceField(
        label="Quarter",
        choices=[("", "Whole year"), *[(q, f"Q{q}") for q in range(1, 5)]],
        coerce=int,
        required=False,
        empty_value=None,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        this_year = financial_year_of(timezone.localdate())
        self.fields["financial_year"].choices = [("", "All years")] + [
            (year, financial_year_label(year))
            for year in range(this_year + 1, FIRST_FINANCIAL_YEAR - 1, -1)
        ]
        self.fields["cohort"].label_from_instance = lambda cohort: cohort.code
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"

    def scope_values(self):
        """The filters that are valid, by name (the form may hold invalid ones too)."""
        self.is_valid()
        values = {
            name: self.cleaned_data.get(name) for name in self.fields if name not in self.errors
        }
        if values.get("financial_year") is None:
            values["quarter"] = None
        return values
