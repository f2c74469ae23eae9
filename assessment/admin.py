import rules
from django.contrib import admin, messages
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join

from accounts.rules import sees_every_cohort
from assessment import selectors, services
from assessment.admin_filters import AllocationFilter, AttemptFilter, OverdueFilter, QueueFilter
from assessment.display import (
    script_file_for_staff,
    script_history_hidden,
    script_history_who,
    script_student,
    script_title,
)
from assessment.forms import (
    MarkingForm,
    ModerationForm,
    ReassignForm,
    ReleaseConfirmForm,
    ResolveForm,
)
from assessment.models import Extension, Moderation, Submission
from assessment.timeline import enrolment_timeline
from audit.history import AuditHistoryAdminMixin
from audit.services import audit_record
from imh_courses.admin_actions import BadInputIs400Mixin, call_for_each, two_step_action
from imh_courses.downloads import zip_response
from imh_courses.exceptions import DomainError
from modules.admin_filters import CohortCodeFilter

MARKING_FIELDS = [
    "outcome",
    "feedback",
    "feedback_file_attached",
    "new_feedback_file",
    "moderation_note",
    "finished",
]


@admin.register(Submission)
class SubmissionAdmin(AuditHistoryAdminMixin, BadInputIs400Mixin, admin.ModelAdmin):
    """The marking queue. Tutors see their cohorts' scripts, blind where the cohort says so, and
    mark in the change form; course administrators approve, release and reassign."""

    form = MarkingForm
    list_display = [
        "reference",
        "student",
        "cohort_code",
        "attempt",
        "state",
        "late",
        "flag_count",
        "submitted_at",
        "marking_due",
        "overdue",
        "marker",
    ]
    list_filter = [
        QueueFilter,
        "enrolment__cohort__module",
        ("enrolment__cohort", CohortCodeFilter),
        "state",
        "is_late",
        AttemptFilter,
        OverdueFilter,
        AllocationFilter,
    ]
    ordering = ["marking_due", "submitted_at"]
    show_full_result_count = False  # one COUNT, not two, over the queue
    list_per_page = 50
    actions = ["download_scripts", "approve_for_release", "release_marks", "reassign"]
    info_fields = [
        "reference",
        "student",
        "cohort_code",
        "attempt",
        "state",
        "script",
        "word_count",
        "flags",
        "deadline",
        "submitted_at",
        "late",
        "marking_due",
        "marker",
    ]

    def get_queryset(self, request):
        return (
            selectors.submission_list(viewer=request.user)
            .select_related("enrolment__student", "enrolment__cohort__module", "marker")
            .order_by("marking_due", "submitted_at")
        )

    def get_object(self, request, object_id, from_field=None):
        submission = super().get_object(request, object_id, from_field)
        if submission is not None:
            submission.viewer = request.user  # for the columns that apply blind marking
        return submission

    def get_list_display(self, request):
        student = self._student_column(request.user)
        return [student if field == "student" else field for field in self.list_display]

    def lookup_allowed(self, lookup, value, request):
        """No filtering by the uploaded file's name: it often holds the student's, and would
        undo blind marking. (Django already refuses lookups through the student.)"""
        if lookup.split("__")[0] == "filename":
            return False
        return super().lookup_allowed(lookup, value, request)

    def get_search_fields(self, request):
        if sees_every_cohort(request.user):
            return ["reference", "enrolment__student__family_name", "enrolment__student__email"]
        return ["reference"]  # searching by name would undo blind marking

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_administer_permission(self, request):
        return request.user.has_perm("assessment.administer_marking")

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return (
            obj is None or self._may_mark(request, obj) or self.has_administer_permission(request)
        )

    def _may_mark(self, request, obj):
        # rules.has_perm, not user.has_perm: a superuser marks only what they are allocated.
        return rules.has_perm("assessment.mark_submission", request.user, obj)

    def get_fieldsets(self, request, obj=None):
        fieldsets = [("Script", {"fields": self.info_fields})]
        if self._may_mark(request, obj):
            fieldsets.append(("Marking", {"fields": MARKING_FIELDS}))
        elif obj is not None and obj.outcome:
            fieldsets.append(("Marks", {"fields": ["outcome", "feedback", "moderation_note"]}))
        fieldsets.append(("History", {"fields": ["history"]}))
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        readonly = [*self.info_fields, "feedback_file_attached", "history"]
        if not self._may_mark(request, obj):
            readonly += ["outcome", "feedback", "moderation_note"]
        return readonly

    def change_view(self, request, object_id, form_url="", extra_context=None):
        submission = self.get_object(request, object_id)
        if submission is None:
            raise Http404("No such script, or not one of yours.")
        extra_context = {**(extra_context or {})}
        title = script_title(submission, viewer=request.user)
        if title:
            extra_context["title"] = title
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        if not self._may_mark(request, obj):
            return
        try:
            services.submission_mark(
                submission=obj,
                marker=request.user,
                outcome=form.cleaned_data["outcome"],
                feedback=form.cleaned_data["feedback"],
                moderation_note=form.cleaned_data.get("moderation_note", ""),
                finished=form.cleaned_data.get("finished", False),
                feedback_file=form.cleaned_data.get("new_feedback_file"),
            )
        except DomainError as error:
            self.message_user(request, str(error), messages.ERROR)

    def save_related(self, request, form, formsets, change):
        pass  # The marking service has saved everything there is.

    @staticmethod
    def _student_column(viewer):
        """The student column for this viewer: blind marking applied to every row, and sorting
        by name only for those who see every name (a sort would give the names' order away)."""

        @admin.display(
            description="Student",
            ordering="enrolment__student__family_name" if sees_every_cohort(viewer) else None,
        )
        def student(submission):
            return script_student(submission, viewer=viewer)

        return student

    @admin.display(description="Student")
    def student(self, submission):
        return script_student(submission, viewer=submission.viewer)

    def history_who(self, submission):
        return script_history_who(submission, viewer=submission.viewer)

    def history_hidden(self, submission):
        return script_history_hidden(submission, viewer=submission.viewer)

    @admin.display(description="Cohort", ordering="enrolment__cohort__code")
    def cohort_code(self, submission):
        return submission.enrolment.cohort.code

    @admin.display(description="Deadline of this attempt")
    def deadline(self, submission):
        deadline = enrolment_timeline(enrolment=submission.enrolment).deadline_of(submission)
        return date_format(timezone.localtime(deadline), "l j F Y, H:i")

    @admin.display(description="Late", ordering="is_late")
    def late(self, submission):
        # Words, not the admin's icons: a red cross read as an error where it meant "on time".
        return "Late" if submission.is_late else "On time"

    @admin.display(description="Feedback file attached")
    def feedback_file_attached(self, submission):
        if not submission.feedback_file:
            return "None"
        url = reverse("assessment:feedback_file", args=[submission.pk])
        return format_html('<a href="{}">{}</a>', url, submission.feedback_filename)

    @admin.display(description="Flags")
    def flag_count(self, submission):
        return len(submission.confidentiality_flags)

    @admin.display(description="Overdue", boolean=True)
    def overdue(self, submission):
        return submission.is_marking_overdue

    @admin.display(description="Script")
    def script(self, submission):
        url = reverse("assessment:script", args=[submission.pk])
        return format_html(
            '<a href="{}">Download {}</a> ({} bytes, SHA-256 {})',
            url,
            submission.reference,
            submission.file_size,
            submission.sha256,
        )

    @admin.display(description="Possible identifiers")
    def flags(self, submission):
        if not submission.confidentiality_flags:
            return "None found"
        items = format_html_join(
            "",
            "<li>{}: {}</li>",
            ((f["label"], f["text"]) for f in submission.confidentiality_flags),
        )
        confirmed = (
            "The student confirmed these identify nobody." if submission.flags_confirmed else ""
        )
        return format_html("<ul>{}</ul>{}", items, confirmed)

    @admin.action(description="Download the scripts (zip)", permissions=["view"])
    def download_scripts(self, request, queryset):
        submissions = list(
            queryset.exclude(file="").select_related("enrolment__student", "enrolment__cohort")
        )
        if not submissions:
            self.message_user(
                request,
                "No files to download: those scripts were deleted under the retention schedule.",
                messages.ERROR,
            )
            return None
        audit_record(
            actor=request.user,
            action="submission.download_zip",
            target=submissions[0],
            changes={"references": [None, [s.reference for s in submissions]]},
        )
        return zip_response(
            # One script at a time: a blind copy is made as the zip takes it.
            (script_file_for_staff(s, viewer=request.user) for s in submissions),
            filename=f"scripts-{timezone.localdate():%Y-%m-%d}.zip",
        )

    @admin.action(description="Approve marks for release", permissions=["administer"])
    def approve_for_release(self, request, queryset):
        _each(self, request, queryset, services.submission_ready_for_release, "approved")

    @admin.action(description="Release marks to students", permissions=["administer"])
    def release_marks(self, request, queryset):
        """Irreversible, and it issues certificates: a confirmation page first says what it
        will do."""
        submissions = list(queryset.select_related("enrolment__cohort"))
        return two_step_action(
            self,
            request,
            queryset,
            form_class=ReleaseConfirmForm,
            call=lambda submission, data: services.submission_release(
                submission=submission, actor=request.user
            ),
            done_label="released",
            action="release_marks",
            title="Release marks to students",
            intro="Students will read their outcome and feedback. This cannot be undone.",
            details=selectors.release_preview(submissions=submissions),
            submit_label="Release marks",
        )

    @admin.action(description="Reassign to another tutor", permissions=["administer"])
    def reassign(self, request, queryset):
        return two_step_action(
            self,
            request,
            queryset,
            form_class=ReassignForm,
            call=lambda submission, data: services.submission_reassign(
                submission=submission, actor=request.user, marker=data["marker"]
            ),
            done_label="reassigned",
            action="reassign",
            title="Reassign scripts",
            intro="These scripts will go to the tutor you choose.",
            submit_label="Reassign",
        )


def _each(modeladmin, request, queryset, service, done_label, **kwargs):
    call_for_each(
        modeladmin,
        request,
        queryset,
        lambda submission: service(submission=submission, actor=request.user, **kwargs),
        done_label,
    )


@admin.register(Extension)
class ExtensionAdmin(admin.ModelAdmin):
    list_display = ["student", "cohort_code", "requested_deadline", "state", "requested_at"]
    list_filter = ["state", ("enrolment__cohort", CohortCodeFilter)]
    list_select_related = ["enrolment__student", "enrolment__cohort"]
    search_fields = ["enrolment__student__family_name", "enrolment__student__email"]
    fields = [
        "student",
        "cohort_code",
        "reason",
        "requested_deadline",
        "state",
        "requested_at",
        "decided_by",
        "decided_at",
        "decision_note",
    ]
    readonly_fields = fields
    actions = ["grant", "refuse"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="Student", ordering="enrolment__student__family_name")
    def student(self, extension):
        return extension.enrolment.student.full_name

    @admin.display(description="Cohort", ordering="enrolment__cohort__code")
    def cohort_code(self, extension):
        return extension.enrolment.cohort.code

    @admin.action(
        description="Grant: move the deadline to the date asked for", permissions=["change"]
    )
    def grant(self, request, queryset):
        call_for_each(
            self,
            request,
            queryset,
            lambda extension: services.extension_grant(extension=extension, actor=request.user),
            "granted",
        )

    @admin.action(description="Refuse", permissions=["change"])
    def refuse(self, request, queryset):
        call_for_each(
            self,
            request,
            queryset,
            lambda extension: services.extension_refuse(extension=extension, actor=request.user),
            "refused",
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
        "marker_note",
        "state",
        "moderator",
        "moderated_at",
        "agreed_outcome",
        "resolved_by",
        "resolution_note",
    ]

    def get_queryset(self, request):
        return selectors.moderation_list(viewer=request.user).select_related(
            "submission__marker", "submission__enrolment__cohort", "moderator", "sample"
        )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_resolve_permission(self, request):
        return request.user.has_perm("assessment.resolve_moderation")

    def _may_record(self, request, obj):
        # rules.has_perm, not user.has_perm: a superuser moderates only as the rule allows.
        return rules.has_perm("assessment.record_moderation", request.user, obj)

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

    @admin.display(description="First marker's private note for moderation")
    def marker_note(self, moderation):
        return moderation.submission.moderation_note or "None"

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
