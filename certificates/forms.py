from django import forms


class VerifyLookupForm(forms.Form):
    number = forms.CharField(
        label="Certificate number", max_length=30, help_text="For example IMH-KUF-2026-00042."
    )
    family_name = forms.CharField(
        label="Family name on the certificate", max_length=100, widget=forms.TextInput()
    )
