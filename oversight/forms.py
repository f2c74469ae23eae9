from django import forms

from accounts.models import Region
from imh_courses.periods import financial_year_field, quarter_field
from modules.models import Cohort, Module
from oversight.choices import ReviewKind
from oversight.rules import may_write_review


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
    financial_year = financial_year_field()
    quarter = quarter_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
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


class ReviewOpenForm(forms.Form):
    kind = forms.ChoiceField(label="Kind of review", choices=ReviewKind.choices)
    title = forms.CharField(max_length=200)
    meeting_date = forms.DateField(label="Meeting date", help_text="For example 14/01/2027.")
    attendees = forms.CharField(
        max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    module = forms.ModelChoiceField(Module.objects.all(), required=False, empty_label="All")
    cohort = forms.ModelChoiceField(
        Cohort.objects.order_by("-start_date"), required=False, empty_label="All"
    )
    financial_year = financial_year_field()
    quarter = quarter_field()

    def __init__(self, *args, writer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            (kind, label) for kind, label in ReviewKind.choices if may_write_review(writer, kind)
        ]
        self.fields["cohort"].label_from_instance = lambda cohort: cohort.code


class ReviewEditForm(forms.Form):
    attendees = forms.CharField(
        max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    findings = forms.CharField(
        max_length=10000, required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    decisions = forms.CharField(
        max_length=10000, required=False, widget=forms.Textarea(attrs={"rows": 5})
    )


class ReviewActionForm(forms.Form):
    description = forms.CharField(
        max_length=2000, label="Action", widget=forms.Textarea(attrs={"rows": 2})
    )
    owner = forms.CharField(label="Owner", max_length=200)
    due_date = forms.DateField(label="Due date", help_text="For example 31/03/2027.")


class ReviewCommentForm(forms.Form):
    text = forms.CharField(
        max_length=5000, label="Your comment", widget=forms.Textarea(attrs={"rows": 3})
    )


class ActionFilterForm(forms.Form):
    due = forms.ChoiceField(
        label="Show",
        required=False,
        choices=[("", "Every open action"), ("overdue", "Overdue"), ("soon", "Due in 7 days")],
        widget=forms.Select(attrs={"class": "form-select"}),
    )


class ReviewFilterForm(forms.Form):
    show = forms.ChoiceField(
        label="Show",
        required=False,
        choices=[
            ("", "Every review"),
            ("draft", "In draft"),
            ("to_comment", "Committee drafts awaiting your comment"),
            ("to_sign_off", "Drafts you may sign off"),
        ],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
