from django import forms
from django.contrib import admin
from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from django.utils.html import format_html

from accounts.rules import is_course_administrator, is_quality_lead, sees_every_cohort
from assessment.choices import Outcome
from imh_courses.admin_actions import BadInputIs400Mixin, two_step_action
from imh_courses.exceptions import DomainError
from modules.admin_filters import CohortCodeFilter
from oversight import services
from oversight.choices import ModerationDecision, ModerationState
from oversight.models import Moderation
from oversight.rules import may_moderate


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
    agreed_outcome = forms.ChoiceField(label="Agreed outcome", choices=Outcome.choices)
    note = forms.CharField(
        label="How it was resolved", widget=forms.Textarea(attrs={"rows": 3, "cols": 60})
    )


@admin.register(Moderation)
class ModerationAdmin(BadInputIs400Mixin, admin.ModelAdmin):
    """Second marking of the sampled scripts: the Quality Lead or a tutor of the cohort other
    than the first marker records agree or disagree; disagreements are resolved here too."""

    form = ModerationForm
    list_display = [
        "reference",
        "cohort_code",
        "attempt",
        "marker",
        "marker_outcome",
        "state",
        "moderator",
        "proposed_outcome",
        "agreed_outcome",
    ]
    list_filter = ["state", ("sample__cohort", CohortCodeFilter), "marker_outcome"]
    search_fields = ["submission__reference"]
    actions = ["resolve"]
    info_fields = [
        "reference",
        "script",
        "cohort_code",
        "marker",
        "marker_outcome",
        "marker_feedback",
        "state",
        "moderator",
        "moderated_at",
        "agreed_outcome",
        "resolved_by",
        "resolution_note",
    ]

    def get_queryset(self, request):
        moderations = (
            super()
            .get_queryset(request)
            .select_related(
                "submission__marker", "submission__enrolment__cohort", "moderator", "sample"
            )
        )
        user = request.user
        if sees_every_cohort(user):
            return moderations
        return moderations.filter(submission__enrolment__cohort__tutors=user).exclude(
            Q(submission__marker=user)
        )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_resolve_permission(self, request):
        user = request.user
        return user.is_superuser or is_quality_lead(user) or is_course_administrator(user)

    def _may_record(self, request, obj):
        return (
            obj is not None
            and obj.state == ModerationState.PENDING
            and may_moderate(request.user, obj)
        )

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or self._may_record(request, obj) or self.has_resolve_permission(request)

    def get_fields(self, request, obj=None):
        return [*self.info_fields, "decision", "proposed_outcome", "comment"]

    def get_readonly_fields(self, request, obj=None):
        if self._may_record(request, obj):
            return self.info_fields
        return [*self.info_fields, "decision", "proposed_outcome", "comment"]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if self.get_object(request, object_id) is None:
            raise Http404("No such moderation, or not one for you.")
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        if not self._may_record(request, obj):
            return
        try:
            services.moderation_record(
                moderation=obj,
                moderator=request.user,
                decision=form.cleaned_data["decision"],
                comment=form.cleaned_data.get("comment", ""),
                proposed_outcome=form.cleaned_data.get("proposed_outcome", ""),
            )
        except DomainError as error:
            self.message_user(request, str(error), level="error")

    def save_related(self, request, form, formsets, change):
        pass

    @admin.display(description="Reference", ordering="submission__reference")
    def reference(self, moderation):
        return moderation.submission.reference

    @admin.display(description="Cohort", ordering="sample__cohort__code")
    def cohort_code(self, moderation):
        return moderation.submission.enrolment.cohort.code

    @admin.display(description="Attempt")
    def attempt(self, moderation):
        return moderation.sample.attempt

    @admin.display(description="First marker")
    def marker(self, moderation):
        marker = moderation.submission.marker
        return marker.full_name if marker else "-"

    @admin.display(description="Script")
    def script(self, moderation):
        url = reverse("assessment:script", args=[moderation.submission_id])
        return format_html('<a href="{}">Download {}</a>', url, moderation.submission.reference)

    @admin.display(description="First marker's feedback")
    def marker_feedback(self, moderation):
        return moderation.submission.feedback

    @admin.action(description="Resolve the disagreement", permissions=["resolve"])
    def resolve(self, request, queryset):
        return two_step_action(
            self,
            request,
            queryset,
            form_class=ResolveForm,
            call=lambda moderation, data: services.moderation_resolve(
                moderation=moderation,
                actor=request.user,
                agreed_outcome=data["agreed_outcome"],
                note=data["note"],
            ),
            done_label="resolved",
            action="resolve",
            title="Resolve moderation disagreements",
            intro="The agreed outcome becomes the script's outcome; the note is kept with it.",
            submit_label="Resolve",
        )
