import datetime

from django import forms
from django.conf import settings
from django.utils import timezone

from accounts.choices import Role
from accounts.models import User
from assessment.choices import ModerationDecision, Outcome
from assessment.documents import UnacceptableFile, document_inspect
from assessment.models import Moderation, Submission


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Assignment file",
        help_text="A PDF, Word (DOCX) or OpenDocument (ODT) file of at most 10 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.odt,application/pdf"}),
    )


class SubmitForm(forms.Form):
    declared_own_work = forms.BooleanField(
        label="This assignment is my own work, and I have referenced every source I used.",
        error_messages={"required": "Confirm that the assignment is your own work."},
    )
    declared_pseudonymised = forms.BooleanField(
        label="Every service user, patient, offender, member of staff and site in it is "
        "pseudonymised: nobody can be identified.",
        error_messages={"required": "Confirm that everyone in the assignment is pseudonymised."},
    )
    word_limit_acknowledged = forms.BooleanField(
        label="I know my assignment is more than 10% over the word limit and want to submit it "
        "as it is.",
        required=False,
    )
    flags_confirmed = forms.BooleanField(
        label="I have checked each possible identifier listed above: none of them identifies a "
        "real person or place.",
        required=False,
    )

    def __init__(self, *args, over_word_limit, has_flags, **kwargs):
        super().__init__(*args, **kwargs)
        if over_word_limit:
            self.fields["word_limit_acknowledged"].required = True
            self.fields["word_limit_acknowledged"].error_messages["required"] = (
                "Confirm that you want to submit an assignment over the word limit, or upload "
                "a shorter one."
            )
        else:
            del self.fields["word_limit_acknowledged"]
        if has_flags:
            self.fields["flags_confirmed"].required = True
            self.fields["flags_confirmed"].error_messages["required"] = (
                "Confirm that you have checked the possible identifiers, or upload a corrected "
                "file."
            )
        else:
            del self.fields["flags_confirmed"]


class ExtensionRequestForm(forms.Form):
    requested_date = forms.DateField(
        label="New deadline you are asking for",
        help_text="For example 14/03/2027. The time of day stays as it is.",
    )
    reason = forms.CharField(
        label="Why do you need more time?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, current_deadline, **kwargs):
        super().__init__(*args, **kwargs)
        self.current_deadline = current_deadline

    def clean_requested_date(self):
        date = self.cleaned_data["requested_date"]
        deadline = timezone.localtime(self.current_deadline)
        if date <= deadline.date():
            raise forms.ValidationError(
                f"Ask for a date after your current deadline, {deadline:%d/%m/%Y}."
            )
        if date > deadline.date() + datetime.timedelta(days=180):
            raise forms.ValidationError("Ask for at most six months more.")
        return date

    def requested_deadline(self):
        """The requested date at the current deadline's time of day, in London."""
        deadline = timezone.localtime(self.current_deadline)
        return datetime.datetime.combine(
            self.cleaned_data["requested_date"], deadline.time(), tzinfo=deadline.tzinfo
        )


class MarkingForm(forms.ModelForm):
    """The tutor's marks in the admin; assessment.services.submission_mark records them."""

    outcome = forms.ChoiceField(
        choices=[("", "---------"), *Outcome.choices],
        error_messages={"required": "Choose Pass, Refer or Fail."},
    )
    feedback = forms.CharField(
        max_length=10000,
        label="Feedback to the student",
        widget=forms.Textarea(attrs={"rows": 12, "cols": 80}),
        help_text="The student reads this when marks are released.",
        error_messages={"required": "Write feedback to the student."},
    )
    new_feedback_file = forms.FileField(
        label="Feedback file (optional)",
        required=False,
        help_text="An annotated script or feedback sheet: PDF, DOCX or ODT.",
    )
    finished = forms.BooleanField(
        label="Marking finished",
        required=False,
        initial=True,
        help_text="Untick to save your marking and come back to it (the script stays "
        "'in marking').",
    )

    class Meta:
        model = Submission
        fields = ["outcome", "feedback", "moderation_note"]

    def clean_feedback(self):
        feedback = self.cleaned_data["feedback"].strip()
        if not feedback:
            raise forms.ValidationError("Write feedback to the student.")
        return feedback

    def clean_new_feedback_file(self):
        upload = self.cleaned_data.get("new_feedback_file")
        if not upload:
            return None
        data = upload.read()
        try:
            document_inspect(
                data=data,
                filename=upload.name,
                max_bytes=settings.SUBMISSION_MAX_BYTES,
                max_unpacked_bytes=settings.SUBMISSION_MAX_UNPACKED_BYTES,
            )
        except UnacceptableFile as error:
            raise forms.ValidationError(str(error)) from None
        return (data, upload.name)


class ReleaseConfirmForm(forms.Form):
    """Releasing marks asks for nothing but the confirmation itself."""


class ReassignForm(forms.Form):
    marker = forms.ModelChoiceField(
        queryset=User.objects.filter(groups__name=Role.TUTOR).order_by("family_name"),
        label="New marker",
    )


class ModerationForm(forms.ModelForm):
    decision = forms.ChoiceField(
        choices=[("", "---------"), *ModerationDecision.choices],
        error_messages={"required": "Choose agree or disagree."},
    )
    proposed_outcome = forms.ChoiceField(
        label="Outcome you propose (if you disagree)",
        choices=[("", "---------"), *Outcome.choices],
        required=False,
    )
    comment = forms.CharField(
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5, "cols": 80}),
        required=False,
        help_text="Required when you disagree. The first marker and the Quality Lead read it.",
    )

    class Meta:
        model = Moderation
        fields = ["decision", "proposed_outcome", "comment"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == ModerationDecision.DISAGREE:
            if not cleaned.get("comment", "").strip():
                self.add_error("comment", "Say why you disagree.")
            if not cleaned.get("proposed_outcome"):
                self.add_error("proposed_outcome", "Propose an outcome.")
            elif cleaned["proposed_outcome"] == self.instance.marker_outcome:
                self.add_error("proposed_outcome", "Propose an outcome different from the mark.")
        return cleaned


class ResolveForm(forms.Form):
    agreed_outcome = forms.ChoiceField(
        label="Agreed outcome",
        choices=[("", "---------"), *Outcome.choices],
        error_messages={"required": "Choose the agreed outcome."},
    )
    note = forms.CharField(
        max_length=5000,
        label="How it was resolved",
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
    )
