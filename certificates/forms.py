from django import forms

from certificates.selectors import NUMBER_PATTERN


class VerifyLookupForm(forms.Form):
    number = forms.CharField(
        label="Certificate number", max_length=30, help_text="For example IMH-KUF-2026-00042."
    )
    family_name = forms.CharField(
        label="Family name on the certificate", max_length=100, widget=forms.TextInput()
    )

    def clean_number(self):
        number = self.cleaned_data["number"].strip().upper()
        if not NUMBER_PATTERN.match(number):
            raise forms.ValidationError(
                "A certificate number looks like IMH-KUF-2026-00042: check it on the certificate."
            )
        return number


class ReasonForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3, "cols": 60}), max_length=2000)


class ReissueForm(forms.Form):
    holder_name = forms.CharField(
        label="Name to print", max_length=200, help_text="As the holder asked it to appear."
    )
