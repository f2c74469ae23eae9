from django import forms

from evaluations.choices import AGREEMENT, SATISFACTION_ITEMS, SELF_RATING_ITEMS

SCALE_OF_TEN = [(n, str(n)) for n in range(1, 11)]


class SelfRatingForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in SELF_RATING_ITEMS.items():
            self.fields[name] = forms.TypedChoiceField(
                label=label,
                choices=SCALE_OF_TEN,
                coerce=int,
                widget=forms.RadioSelect(attrs={"data-scale": "1-10"}),
                help_text="1 means not at all, 10 completely.",
            )

    def ratings(self):
        return {name: self.cleaned_data[name] for name in SELF_RATING_ITEMS}


class CourseEvaluationForm(forms.Form):
    went_well = forms.CharField(
        max_length=3000,
        label="What went well? (optional)",
        required=False,
        widget=forms.Textarea({"rows": 3}),
    )
    improve = forms.CharField(
        max_length=3000,
        label="What could be better? (optional)",
        required=False,
        widget=forms.Textarea({"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        ratings = {
            name: forms.TypedChoiceField(
                label=label, choices=AGREEMENT, coerce=int, widget=forms.RadioSelect
            )
            for name, label in SATISFACTION_ITEMS.items()
        }
        self.fields = {**ratings, **self.fields}

    def ratings(self):
        return {name: self.cleaned_data[name] for name in SATISFACTION_ITEMS}
