from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from assessment.services import register_record
from enrolment import selectors, services
from enrolment.choices import AttendanceStatus
from enrolment.forms import RegisterForm, WithdrawalReasonForm
from enrolment.models import Attendance, Enrolment
from imh_courses.admin_actions import ReadOnlyAdminMixin, call_for_each, two_step_action
from imh_courses.csv_export import csv_streaming_response
from imh_courses.downloads import pdf_response
from imh_courses.exceptions import DomainError
from modules.admin_filters import CohortCodeFilter
from modules.models import TaughtDay
from modules.selectors import taught_day_list
from privacy.record_pack import record_pack_pdf

CSV_HEADER = [
    "Cohort",
    "Module",
    "Family name",
    "Given name",
    "Email",
    "State",
    "Organisation",
    "Sector",
    "Region",
    "Job title",
    "Works with women in the CJS",
    "Line manager",
    "Line manager's email",
    "Reasonable adjustments",
    "Applied",
]


def _each(modeladmin, request, queryset, service, done_label, **kwargs):
    call_for_each(
        modeladmin,
        request,
        queryset,
        lambda enrolment: service(enrolment=enrolment, actor=request.user, **kwargs),
        done_label,
    )


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    """Applications and enrolments. States change only through the actions, which call the
    enrolment services; nothing here edits a field directly."""

    list_display = [
        "student_name",
        "cohort_code",
        "state",
        "organisation",
        "region",
        "applied_at",
    ]
    list_filter = ["state", "cohort__module", ("cohort", CohortCodeFilter), "region", "sector"]
    list_select_related = ["student", "cohort", "organisation", "region"]
    search_fields = [
        "student__email",
        "student__family_name",
        "student__given_name",
        "organisation__name",
        "cohort__code",
    ]
    date_hierarchy = "applied_at"
    actions = ["approve", "waitlist", "decline", "withdraw", "download_csv"]
    fields = [
        "student",
        "cohort",
        "state",
        "organisation",
        "job_title",
        "sector",
        "region",
        "works_with_women_in_cjs",
        "line_manager_name",
        "line_manager_email",
        "reasonable_adjustments",
        "applied_at",
        "waitlisted_at",
        "state_changed_at",
        "withdrawal_reason",
    ]
    readonly_fields = fields
    change_form_template = "admin/enrolment/enrolment/change_form.html"

    def has_add_permission(self, request):
        return False  # Students apply through the portal.

    def get_urls(self):
        return [
            path(
                "<int:pk>/record-pack.pdf",
                self.admin_site.admin_view(self.record_pack),
                name="enrolment_enrolment_record_pack",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "may_produce_record_pack": request.user.has_perm("privacy.produce_record_pack"),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def record_pack(self, request, pk):
        """The student record pack (for appeals and complaints) of one enrolment."""
        if not request.user.has_perm("privacy.produce_record_pack"):
            raise PermissionDenied
        enrolment = get_object_or_404(Enrolment, pk=pk)
        return pdf_response(
            record_pack_pdf(enrolment=enrolment, actor=request.user),
            filename=f"record-pack-{enrolment.pk}.pdf",
        )

    def has_delete_permission(self, request, obj=None):
        return False  # An application is withdrawn or declined, never deleted.

    @admin.display(description="Student", ordering="student__family_name")
    def student_name(self, enrolment):
        return enrolment.student.full_name

    @admin.display(description="Cohort", ordering="cohort__code")
    def cohort_code(self, enrolment):
        return enrolment.cohort.code

    @admin.action(description="Approve: give a place", permissions=["change"])
    def approve(self, request, queryset):
        _each(self, request, queryset, services.enrolment_approve, "enrolled")

    @admin.action(description="Put on the waiting list", permissions=["change"])
    def waitlist(self, request, queryset):
        _each(self, request, queryset, services.enrolment_waitlist, "put on the waiting list")

    @admin.action(description="Decline: no place", permissions=["change"])
    def decline(self, request, queryset):
        _each(self, request, queryset, services.enrolment_decline, "declined")

    @admin.action(description="Withdraw (asks for a reason)", permissions=["change"])
    def withdraw(self, request, queryset):
        return two_step_action(
            self,
            request,
            queryset,
            form_class=WithdrawalReasonForm,
            call=lambda enrolment, data: services.enrolment_withdraw(
                enrolment=enrolment, actor=request.user, reason=data["reason"]
            ),
            done_label="withdrawn",
            action="withdraw",
            title="Withdraw enrolments",
            intro="A place given up goes to the first person on the cohort's waiting list, who "
            "is emailed. The student sees the reason in their email.",
            submit_label="Withdraw",
        )

    @admin.action(description="Download as CSV", permissions=["view"])
    def download_csv(self, request, queryset):
        enrolments = queryset.select_related(
            "student", "cohort__module", "organisation", "region"
        ).order_by("cohort__code", "student__family_name", "student__given_name")
        rows = (
            [
                e.cohort.code,
                e.cohort.module.title,
                e.student.family_name,
                e.student.given_name,
                e.student.email,
                e.get_state_display(),
                e.organisation.name,
                e.get_sector_display(),
                e.region.name,
                e.job_title,
                "Yes" if e.works_with_women_in_cjs else "No",
                e.line_manager_name,
                e.line_manager_email,
                e.reasonable_adjustments,
                timezone.localtime(e.applied_at).strftime("%d/%m/%Y %H:%M"),
            ]
            for e in enrolments.iterator(chunk_size=500)
        )
        return csv_streaming_response(
            filename=f"enrolments-{timezone.localdate():%Y-%m-%d}.csv", header=CSV_HEADER, rows=rows
        )


@admin.register(Attendance)
class AttendanceAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The registers. Tutors see and take them for their own cohorts only, on the register
    page, a whole day at a time; here they are only read."""

    list_display = ["student_name", "cohort_code", "day", "status", "recorded_by", "recorded_at"]
    list_filter = ["status", ("taught_day__cohort", CohortCodeFilter)]
    list_select_related = ["enrolment__student", "taught_day__cohort", "recorded_by"]
    search_fields = ["enrolment__student__family_name", "enrolment__student__email"]
    change_list_template = "admin/enrolment/attendance/change_list.html"

    def get_queryset(self, request):
        return selectors.attendance_list(viewer=request.user)

    @admin.display(description="Student", ordering="enrolment__student__family_name")
    def student_name(self, attendance):
        return attendance.enrolment.student.full_name

    @admin.display(description="Cohort", ordering="taught_day__cohort__code")
    def cohort_code(self, attendance):
        return attendance.taught_day.cohort.code

    @admin.display(description="Taught day", ordering="taught_day__date")
    def day(self, attendance):
        return attendance.taught_day.date

    def get_urls(self):
        return [
            path(
                "registers/",
                self.admin_site.admin_view(self.register_list_view),
                name="enrolment_attendance_registers",
            ),
            path(
                "registers/<int:taught_day_id>/",
                self.admin_site.admin_view(self.register_view),
                name="enrolment_attendance_register",
            ),
            *super().get_urls(),
        ]

    def register_list_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        days = taught_day_list(viewer=request.user).select_related("cohort__module")
        to_take = request.GET.get("to_take") == "1"
        if to_take:
            days = selectors.taught_day_filter_register_to_take(days)
        return TemplateResponse(
            request,
            "admin/enrolment/attendance/register_list.html",
            {
                **self.admin_site.each_context(request),
                "title": "Registers still to take" if to_take else "Registers of taught days",
                "opts": self.model._meta,
                "days": days,
                "to_take": to_take,
            },
        )

    def register_view(self, request, taught_day_id):
        day = TaughtDay.objects.select_related("cohort__module").filter(pk=taught_day_id).first()
        if day is None:
            raise Http404("No such taught day.")
        if not request.user.has_perm("enrolment.take_register", day.cohort):
            raise PermissionDenied
        enrolments = list(selectors.enrolment_list_holding_place(cohort=day.cohort))
        recorded = dict(day.attendance.values_list("enrolment_id", "status"))
        form = RegisterForm(request.POST or None, enrolments=enrolments, recorded=recorded)
        if request.method == "POST" and form.is_valid():
            try:
                changed = register_record(
                    taught_day=day, statuses=form.statuses(), actor=request.user
                )
            except DomainError as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                self.message_user(request, f"Register saved: {changed} changed.", messages.SUCCESS)
                return redirect(reverse("admin:enrolment_attendance_registers"))
        return TemplateResponse(
            request,
            "admin/enrolment/attendance/register.html",
            {
                **self.admin_site.each_context(request),
                "title": f"Register: {day.cohort.code}, {day.date:%d/%m/%Y}",
                "opts": self.model._meta,
                "day": day,
                "form": form,
                "statuses": AttendanceStatus.choices,
            },
            status=400 if form.errors else 200,
        )
