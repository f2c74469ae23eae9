from django import forms
from django.contrib import admin, messages
from django.db import models
from django.urls import reverse
from django.utils.html import format_html

from accounts.choices import Role
from accounts.models import User
from audit.admin_mixins import AuditedAdminMixin
from enrolment.selectors import cohort_annotate_places, cohort_filter_waiting_with_free_places
from enrolment.services import cohort_waitlist_promote
from modules.models import Cohort, Module, TaughtDay
from modules.selectors import cohort_list


@admin.register(Module)
class ModuleAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["code", "title", "word_limit", "is_active"]
    list_filter = ["is_active"]
    prepopulated_fields = {"slug": ["title"]}
    search_fields = ["code", "title"]


class TaughtDayInline(admin.StackedInline):
    """Stacked: each field has its own label (a tabular inline has only column headings)."""

    model = TaughtDay
    extra = 1
    readonly_fields = ["register"]

    @admin.display(description="Register")
    def register(self, taught_day):
        if taught_day.pk is None:
            return "-"
        url = reverse("admin:enrolment_attendance_register", args=[taught_day.pk])
        return format_html('<a href="{}">Take the register</a>', url)


class WaitingListFilter(admin.SimpleListFilter):
    title = "waiting list"
    parameter_name = "waiting"

    def lookups(self, request, model_admin):
        return [("free_places", "Waiting, with places free")]

    def queryset(self, request, queryset):
        if self.value() == "free_places":
            return cohort_filter_waiting_with_free_places(queryset)
        return queryset


@admin.register(Cohort)
class CohortAdmin(AuditedAdminMixin, admin.ModelAdmin):
    inlines = [TaughtDayInline]
    list_display = [
        "code",
        "module_code",
        "status",
        "start_date",
        "capacity",
        "places_left",
        "applications",
        "waiting_list",
    ]
    list_filter = ["status", "module", "delivery_mode", "funding_regions", WaitingListFilter]
    list_select_related = ["module"]
    search_fields = ["code", "module__title", "funding_reference"]
    # Checkboxes, not Django's two-box widget (it breaks an ARIA rule: tests/browser).
    formfield_overrides = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}
    date_hierarchy = "start_date"
    actions = ["offer_places_to_waiting_list"]

    def get_queryset(self, request):
        return cohort_annotate_places(cohort_list(viewer=request.user))

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "tutors":
            kwargs["queryset"] = User.objects.filter(
                is_active=True, groups__name=Role.TUTOR
            ).order_by("family_name", "given_name")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description="Module", ordering="module__code")
    def module_code(self, cohort):
        return cohort.module.code

    @admin.display(description="Places left", ordering="places_left")
    def places_left(self, cohort):
        return max(cohort.places_left, 0)

    @admin.display(description="Applications to decide", ordering="applied_count")
    def applications(self, cohort):
        return self._enrolments_link(cohort, "applied", cohort.applied_count)

    @admin.display(description="Waiting list", ordering="waitlisted_count")
    def waiting_list(self, cohort):
        return self._enrolments_link(cohort, "waitlisted", cohort.waitlisted_count)

    def _enrolments_link(self, cohort, state, count):
        url = reverse("admin:enrolment_enrolment_changelist")
        return format_html(
            '<a href="{}?cohort__id__exact={}&amp;state__exact={}">{}</a>',
            url,
            cohort.pk,
            state,
            count,
        )

    @admin.action(description="Offer free places to the waiting list", permissions=["change"])
    def offer_places_to_waiting_list(self, request, queryset):
        promoted = sum(len(cohort_waitlist_promote(cohort=cohort)) for cohort in queryset)
        self.message_user(
            request,
            f"{promoted} {'person' if promoted == 1 else 'people'} moved from the waiting list "
            "into a place.",
            messages.SUCCESS,
        )
