from django import forms

from accounts.choices import Sector
from accounts.models import Organisation, Region
from enrolment.choices import AgeBand, AttendanceStatus, Disability, Ethnicity, Sex

YES_NO = [(True, "Yes"), (False, "No")]


class OrganisationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, organisation):
        return f"{organisation.name} ({organisation.region.name})"


class ApplicationForm(forms.Form):
    organisation = OrganisationChoiceField(
        queryset=Organisation.objects.filter(is_confirmed=True).select_related("region"),
        required=False,
        empty_label="Choose your organisation",
        help_text="If it is not in the list, leave this and type its name below.",
    )
    new_organisation_name = forms.CharField(
        label="Or, the name of your organisation",
        max_length=200,
        required=False,
        help_text="A course administrator will add it to the list.",
    )
    job_title = forms.CharField(
        max_length=150, widget=forms.TextInput(attrs={"autocomplete": "organization-title"})
    )
    sector = forms.ChoiceField(choices=[("", "Choose a sector"), *Sector.choices])
    region = forms.ModelChoiceField(
        queryset=Region.objects.all(),
        empty_label="Choose the region you work in",
        help_text="The HMPPS probation region (or Wales) where you work.",
    )
    works_with_women_in_cjs = forms.TypedChoiceField(
        label="Do you work with women in the criminal justice system?",
        choices=YES_NO,
        coerce=lambda value: value == "True",
        widget=forms.RadioSelect,
    )
    line_manager_name = forms.CharField(label="Your line manager's name", max_length=150)
    line_manager_email = forms.EmailField(label="Your line manager's email address")
    reasonable_adjustments = forms.CharField(
        label="Reasonable adjustments (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Anything we should arrange so that you can take part fully.",
    )

    def clean_new_organisation_name(self):
        return " ".join(self.cleaned_data["new_organisation_name"].split())

    def clean(self):
        cleaned = super().clean()
        chosen = cleaned.get("organisation")
        typed = cleaned.get("new_organisation_name")
        if chosen and typed:
            self.add_error(
                "new_organisation_name",
                "Choose your organisation from the list or type its name, not both.",
            )
        elif not chosen and not typed and "organisation" not in self.errors:
            self.add_error("organisation", "Choose your organisation, or type its name below.")
        return cleaned


class EqualityMonitoringForm(forms.Form):
    ethnicity = forms.ChoiceField(
        label="Ethnic group", choices=[("", "Not answered"), *Ethnicity.choices], required=False
    )
    disability = forms.ChoiceField(
        label="Do you consider yourself to have a disability?",
        choices=[("", "Not answered"), *Disability.choices],
        required=False,
    )
    sex = forms.ChoiceField(
        label="Sex", choices=[("", "Not answered"), *Sex.choices], required=False
    )
    age_band = forms.ChoiceField(
        label="Age", choices=[("", "Not answered"), *AgeBand.choices], required=False
    )


class WithdrawalForm(forms.Form):
    reason = forms.CharField(
        label="Why are you withdrawing?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="This helps us plan future cohorts.",
    )


class WithdrawalReasonForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3, "cols": 60}), max_length=2000)


class RegisterForm(forms.Form):
    """One radio group per student holding a place; a student left blank is not recorded."""

    def __init__(self, *args, enrolments, recorded, **kwargs):
        super().__init__(*args, **kwargs)
        for enrolment in enrolments:
            self.fields[f"enrolment_{enrolment.pk}"] = forms.ChoiceField(
                label=enrolment.student.full_name,
                choices=AttendanceStatus.choices,
                widget=forms.RadioSelect,
                required=False,
                initial=recorded.get(enrolment.pk),
            )

    def statuses(self):
        return {
            int(name.removeprefix("enrolment_")): status
            for name, status in self.cleaned_data.items()
            if status
        }
