from django import forms
from django.contrib.auth.forms import (
    AdminUserCreationForm,
    AuthenticationForm,
    BaseUserCreationForm,
)

from accounts.models import User


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label="Email", widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "The email address or password is not right. Both are case-sensitive "
        "except the email address.",
        "inactive": "This account is not active yet. Follow the link in the email we sent you.",
        "not_confirmed": "This email address is not confirmed yet. Follow the link in the email "
        "we sent you, or ask for a new one: “Did not get the confirmation email?” below.",
    }

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError as error:
            # Said for any registration not yet confirmed, whatever the password: the answer
            # tells nothing about the password.
            if error.code == "invalid_login" and self._awaits_confirmation():
                raise forms.ValidationError(
                    self.error_messages["not_confirmed"], code="not_confirmed"
                ) from None
            raise

    def _awaits_confirmation(self):
        return User.objects.filter(
            email__iexact=self.cleaned_data.get("username", ""),
            is_active=False,
            email_confirmed_at__isnull=True,
        ).exists()


class RegistrationForm(BaseUserCreationForm):
    class Meta:
        model = User
        fields = ["email", "given_name", "family_name", "certificate_name"]
        labels = {"email": "Email"}
        help_texts = {"email": "Your work email address. You will use it to sign in."}
        widgets = {
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "given_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
            "family_name": forms.TextInput(attrs={"autocomplete": "family-name"}),
            "certificate_name": forms.TextInput(attrs={"autocomplete": "name"}),
        }

    def clean_email(self):
        return User.objects.normalize_email(self.cleaned_data["email"])

    # An address that has an account is not an error: the page answers as for a new one and
    # student_register emails the owner, so the form cannot tell who is registered. The email
    # address is the only unique field (and constraint) a registration sets.
    def validate_unique(self):
        pass

    def validate_constraints(self):
        pass


class EmailAddressForm(forms.Form):
    """One email address: for a new confirmation link, or a sign-in link."""

    email = forms.EmailField(
        label="Email", widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )


class SecondFactorCodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=16,
        help_text="The 6-digit code your authenticator app shows, or one of your recovery codes.",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
    )

    def clean_code(self):
        return "".join(self.cleaned_data["code"].split()).lower()


class AuthenticatorAppCodeForm(SecondFactorCodeForm):
    """The code that confirms a new authenticator app: from the app, never a recovery code."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = "The 6-digit code the app shows after you add the account."


class UserCreationForm(AdminUserCreationForm):
    """Adding an account in the admin."""

    class Meta:
        model = User
        fields = ["email", "given_name", "family_name", "certificate_name"]


class ErasureForm(forms.Form):
    reason = forms.CharField(
        label="Reason (the request, its date and how it was made)",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class SecondFactorResetForm(forms.Form):
    reason = forms.CharField(
        label="Reason (what was lost, and how you checked it is the person asking)",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
