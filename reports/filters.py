"""The filters every report takes, limited to what the viewer may see."""

from django import forms

from accounts.choices import Sector
from enrolment.selectors import enrolment_scope
from imh_courses.periods import financial_year_field, period_range, quarter_field
from modules.models import Cohort, Module
from reports.choices import FunnelGrouping


class ReportFilterForm(forms.Form):
    """Read from the query string. `regions` are the viewer's (reports.selectors.report_regions):
    the region choice, and so every row, is confined to them."""

    financial_year = financial_year_field()
    quarter = quarter_field()
    date_from = forms.DateField(
        label="From", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label="To", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    region = forms.ModelChoiceField(None, label="Region", required=False, empty_label="All yours")
    module = forms.ModelChoiceField(
        Module.objects.all(), label="Module", required=False, empty_label="All"
    )
    cohort = forms.CharField(
        label="Cohort code", required=False, max_length=40, help_text="For example KUF-OPD-A."
    )
    sector = forms.TypedChoiceField(
        label="Sector", choices=[("", "All"), *Sector.choices], required=False, empty_value=None
    )
    organisation = forms.CharField(
        label="Organisation", required=False, max_length=200, help_text="Part of its name."
    )
    group_by = forms.TypedChoiceField(
        label="Group by",
        choices=FunnelGrouping.choices,
        required=False,
        empty_value=FunnelGrouping.MODULE,
    )

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.regions = regions
        self.fields["region"].queryset = regions

    def clean_cohort(self):
        code = self.cleaned_data["cohort"].strip()
        if not code:
            return None
        cohort = Cohort.objects.filter(code__iexact=code).first()
        if cohort is None:
            raise forms.ValidationError(f"No cohort has the code {code}.")
        return cohort

    def clean_organisation(self):
        return self.cleaned_data["organisation"].strip()

    def clean(self):
        data = super().clean()
        has_dates = data.get("date_from") or data.get("date_to")
        if data.get("financial_year") and has_dates:
            raise forms.ValidationError("Choose a financial year or dates, not both.")
        if data.get("quarter") and not data.get("financial_year"):
            self.add_error("quarter", "A quarter needs a financial year.")
        first, last = data.get("date_from"), data.get("date_to")
        if first and last and first > last:
            self.add_error("date_to", "The end date is before the start date.")
        return data

    def period(self):
        """(first day, last day); either may be None for an open end."""
        data = self.cleaned_data
        if data.get("financial_year"):
            return period_range(data["financial_year"], data.get("quarter"))
        return data.get("date_from"), data.get("date_to")

    def regions_in_scope(self):
        region = self.cleaned_data.get("region")
        return [region] if region else self.regions

    def enrolment_filter(self, *, prefix="", with_period=True):
        """A Q on enrolments (through `prefix`, e.g. "enrolment__"), for the viewer's regions
        and every filter chosen; the period, unless left out, is the cohort's start date."""
        data = self.cleaned_data
        first, last = self.period() if with_period else (None, None)
        return enrolment_scope(
            prefix=prefix,
            regions=self.regions_in_scope(),
            module=data.get("module"),
            cohort=data.get("cohort"),
            sector=data.get("sector"),
            organisation=data.get("organisation", ""),
            started_from=first,
            started_to=last,
        )

    def described(self):
        """[(label, value as people read it)] for each filter chosen, group_by left out."""
        described = []
        for name, value in self.cleaned_data.items():
            if value in (None, "") or name == "group_by":
                continue
            field = self.fields[name]
            if hasattr(field, "choices") and not hasattr(value, "pk"):
                value = dict(field.choices).get(value, value)
            elif name == "cohort":
                value = value.code
            elif name == "organisation":
                value = f"names containing “{value}”"
            described.append((field.label, value))
        return described

    def as_record(self):
        """The filters chosen, as plain values for the download record."""
        record = {}
        for name, value in self.cleaned_data.items():
            if value in (None, ""):
                continue
            record[name] = value.code if name == "cohort" else str(getattr(value, "pk", value))
        return record
