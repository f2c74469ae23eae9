from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.http import Http404
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from accounts.choices import Role
from accounts.models import User
from accounts.rules import is_course_administrator, sees_every_cohort
from assessment import rules, selectors, services
from assessment.choices import AWAITING_MARKS, MARKABLE_STATES, Outcome, SubmissionState
from assessment.documents import UnacceptableFile, document_inspect
from assessment.models import Extension, Submission
from audit.selectors import audit_event_list_for
from audit.services import audit_record
from enrolment.admin import CohortCodeFilter
from imh_courses.admin_actions import BadInputIs400Mixin, call_for_each, two_step_action
from imh_courses.downloads import zip_response
from imh_courses.exceptions import DomainError

MARKING_FIELDS = ["outcome", "feedback", "new_feedback_file", "moderation_note", "finished"]


def _name_hidden(user, submission):
    """Blind marking: tutors see only the reference until marks are released."""
    return (
        submission.enrolment.cohort.blind_marking
        and submission.state != SubmissionState.RELEASED
        and not sees_every_cohort(user)
    )


class AttemptFilter(admin.SimpleListFilter):
    """The two attempts, listed without asking the database which attempts exist."""

    title = "attempt"
    parameter_name = "attempt"

    def lookups(self, request, model_admin):
        return [("1", "First"), ("2", "Resubmission")]

    def queryset(self, request, queryset):
        if self.value() in ("1", "2"):
            return queryset.filter(attempt=int(self.value()))
        return queryset


class QueueFilter(admin.SimpleListFilter):
    """A tutor's queue opens on the scripts still to mark (a few, found by index, where every
    script of their cohorts' years is thousands); "All scripts" shows the rest. Course
    administrators and the Quality Lead open on every script, as before."""

    title = "queue"
    parameter_name = "queue"
    AWAITING, ALL = "awaiting", "all"

    def __init__(self, request, params, model, model_admin):
        self.default = self.ALL if sees_every_cohort(request.user) else self.AWAITING
        super().__init__(request, params, model, model_admin)

    def lookups(self, request, model_admin):
        return [(self.AWAITING, "Still to mark"), (self.ALL, "All scripts")]

    def value(self):
        value = super().value()
        return value if value in (self.AWAITING, self.ALL) else self.default

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        if self.value() == self.AWAITING:
            return queryset.filter(state__in=AWAITING_MARKS)
        return queryset


class OverdueFilter(admin.SimpleListFilter):
    title = "marking overdue"
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", "Overdue"), ("no", "Not overdue")]

    def queryset(self, request, queryset):
        overdue = {"state__in": AWAITING_MARKS, "marking_due__lt": timezone.localdate()}
        if self.value() == "yes":
            return queryset.filter(**overdue)
        if self.value() == "no":
            return queryset.exclude(**overdue)
        return queryset


class MarkingForm(forms.ModelForm):
    outcome = forms.ChoiceField(
        choices=[("", "---------"), *Outcome.choices],
        error_messages={"required": "Choose Pass, Refer or Fail."},
    )
    feedback = forms.CharField(
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


class ReassignForm(forms.Form):
    marker = forms.ModelChoiceField(
        queryset=User.objects.filter(groups__name=Role.TUTOR).order_by("family_name"),
        label="New marker",
    )


@admin.register(Submission)
class SubmissionAdmin(BadInputIs400Mixin, admin.ModelAdmin):
    """The marking queue. Tutors see their cohorts' scripts, blind where the cohort says so, and
    mark in the change form; course administrators approve, release and reassign."""

    form = MarkingForm
    list_display = [
        "reference",
        "student_or_blind",
        "cohort_code",
        "attempt",
        "state",
        "is_late",
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
    ]
    ordering = ["marking_due", "submitted_at"]
    show_full_result_count = False  # one COUNT, not two, over the queue
    list_per_page = 50
    actions = ["download_scripts", "approve_for_release", "release_marks", "reassign"]
    info_fields = [
        "reference",
        "student_or_blind",
        "cohort_code",
        "attempt",
        "state",
        "script",
        "word_count",
        "flags",
        "submitted_at",
        "is_late",
        "marking_due",
        "marker",
    ]

    def get_queryset(self, request):
        return (
            selectors.submission_list_for_marking(viewer=request.user)
            .select_related("enrolment__student", "enrolment__cohort__module", "marker")
            .order_by("marking_due", "submitted_at")
        )

    def get_search_fields(self, request):
        if sees_every_cohort(request.user):
            return ["reference", "enrolment__student__family_name", "enrolment__student__email"]
        return ["reference"]  # searching by name would undo blind marking

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_administer_permission(self, request):
        return request.user.is_superuser or is_course_administrator(request.user)

    def _may_mark(self, request, obj):
        return (
            obj is not None
            and obj.state in MARKABLE_STATES
            and rules.is_allocated_tutor(request.user, obj)
        )

    def get_fieldsets(self, request, obj=None):
        fieldsets = [("Script", {"fields": self._info_fields(request)})]
        if self._may_mark(request, obj):
            fieldsets.append(("Marking", {"fields": MARKING_FIELDS}))
        elif obj is not None and obj.outcome:
            fieldsets.append(("Marks", {"fields": ["outcome", "feedback", "moderation_note"]}))
        fieldsets.append(("History", {"fields": ["history"]}))
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        readonly = [*self._info_fields(request), "history"]
        if not self._may_mark(request, obj):
            readonly += ["outcome", "feedback", "moderation_note"]
        return readonly

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

    def get_list_display(self, request):
        return [_named(request.user, field) for field in self.list_display]

    def _info_fields(self, request):
        return [_named(request.user, field) for field in self.info_fields]

    @admin.display(description="Student", ordering="enrolment__student__family_name")
    def student_name(self, submission):
        return submission.enrolment.student.full_name

    @admin.display(description="Student")
    def student_or_blind(self, submission):
        """What a tutor sees: no name in a blind-marked cohort until marks are released."""
        if submission.enrolment.cohort.blind_marking and submission.state != "released":
            return "(blind marking)"
        return submission.enrolment.student.full_name

    @admin.display(description="Cohort", ordering="enrolment__cohort__code")
    def cohort_code(self, submission):
        return submission.enrolment.cohort.code

    @admin.display(description="Flags")
    def flag_count(self, submission):
        return len(submission.confidentiality_flags)

    @admin.display(description="Overdue", boolean=True)
    def overdue(self, submission):
        return (
            submission.state in AWAITING_MARKS
            and submission.marking_due is not None
            and submission.marking_due < timezone.localdate()
        )

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

    @admin.display(description="History")
    def history(self, submission):
        student_email = submission.enrolment.student.email
        rows = []
        for event in audit_event_list_for(target=submission):
            actor = event.actor_label or "the portal"
            if actor == student_email and submission.enrolment.cohort.blind_marking:
                actor = "the student"
            changes = "; ".join(
                f"{field}: {before or '-'} → {after or '-'}"
                for field, (before, after) in event.changes.items()
            )
            rows.append(
                (
                    timezone.localtime(event.at).strftime("%d/%m/%Y %H:%M"),
                    actor,
                    event.action,
                    linebreaksbr(changes),
                )
            )
        if not rows:
            return "-"
        return format_html(
            "<table><thead><tr><th>When</th><th>Who</th><th>What</th><th>Changes</th></tr>"
            "</thead><tbody>{}</tbody></table>",
            format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", rows),
        )

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return (
            obj is None or self._may_mark(request, obj) or self.has_administer_permission(request)
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        submission = self.get_object(request, object_id)
        if submission is None:
            raise Http404("No such script, or not one of yours.")
        extra_context = {**(extra_context or {})}
        if _name_hidden(request.user, submission):
            extra_context["title"] = f"Mark {submission.reference} (blind)"
        return super().change_view(request, object_id, form_url, extra_context)

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
            [(_zip_name(request.user, submission), submission.file) for submission in submissions],
            filename=f"scripts-{timezone.localdate():%Y-%m-%d}.zip",
        )

    @admin.action(description="Approve marks for release", permissions=["administer"])
    def approve_for_release(self, request, queryset):
        _each(self, request, queryset, services.submission_ready_for_release, "approved")

    @admin.action(description="Release marks to students", permissions=["administer"])
    def release_marks(self, request, queryset):
        _each(self, request, queryset, services.submission_release, "released")

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


def _named(user, field):
    return "student_name" if field == "student_or_blind" and sees_every_cohort(user) else field


def _zip_name(user, submission):
    if _name_hidden(user, submission):
        return f"{submission.reference}.{submission.kind}"
    student = submission.enrolment.student
    return f"{submission.reference}-{student.family_name}-{student.given_name}.{submission.kind}"


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
