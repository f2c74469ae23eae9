from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import path

from accounts import services
from accounts.forms import ErasureForm, SecondFactorResetForm, UserCreationForm
from accounts.models import Organisation, Region, User
from accounts.second_factor import second_factor_reset
from audit.admin_mixins import AuditedAdminMixin
from imh_courses.admin_actions import two_step_action
from imh_courses.downloads import zip_response
from privacy import services as privacy_services


@admin.register(Region)
class RegionAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name"]


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "sector", "region", "is_confirmed"]
    list_filter = ["sector", "region", "is_confirmed"]
    list_select_related = ["region"]
    search_fields = ["name"]
    actions = ["confirm"]

    @admin.action(description="Confirm: offer in the list to applicants", permissions=["change"])
    def confirm(self, request, queryset):
        for organisation in queryset:
            services.organisation_confirm(organisation=organisation, actor=request.user)
        self.message_user(request, f"{len(queryset)} confirmed.", messages.SUCCESS)


# What an account may do: a change to any of these is recorded as an access change.
ACCESS_FIELDS = {
    "groups",
    "commissioned_regions",
    "is_active",
    "is_staff",
    "is_superuser",
    "user_permissions",
}


@admin.register(User)
class UserAdmin(AuditedAdminMixin, DjangoUserAdmin):
    add_form = UserCreationForm
    change_form_template = "admin/accounts/user/change_form.html"
    actions = ["erase", "reset_second_factor"]
    ordering = ["family_name", "given_name"]
    list_display = ["email", "given_name", "family_name", "is_active", "is_staff"]
    list_filter = ["groups", "is_active", "is_staff", "commissioned_regions"]
    search_fields = ["email", "given_name", "family_name", "certificate_name"]
    # Not Django's two-box widget: it breaks an ARIA rule (found by the accessibility tests).
    # Roles and regions are short lists, as checkboxes; permissions a plain list.
    filter_horizontal = []

    readonly_fields = ["last_login", "date_joined", "email_confirmed_at"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Name", {"fields": ["given_name", "family_name", "certificate_name"]}),
        ("Roles", {"fields": ["is_active", "is_staff", "groups", "commissioned_regions"]}),
        ("Superuser only", {"fields": ["is_superuser", "user_permissions"]}),
        ("Dates", {"fields": ["last_login", "date_joined", "email_confirmed_at"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": [
                    "email",
                    "given_name",
                    "family_name",
                    "certificate_name",
                    "usable_password",
                    "password1",
                    "password2",
                ],
            },
        ),
    ]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in {"groups", "commissioned_regions"}:
            kwargs["widget"] = forms.CheckboxSelectMultiple
        else:
            kwargs["widget"] = forms.SelectMultiple(attrs={"size": 12})
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def audit_action(self, obj, verb, changes):
        if verb == "change" and ACCESS_FIELDS & changes.keys():
            return "account.access_change"
        return super().audit_action(obj, verb, changes)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "may_export_personal_data": request.user.has_perm("privacy.export_personal_data"),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        return [
            path(
                "<int:pk>/personal-data.zip",
                self.admin_site.admin_view(self.personal_data),
                name="accounts_user_personal_data",
            ),
            *super().get_urls(),
        ]

    def personal_data(self, request, pk):
        """Subject access on someone's behalf: everything held about them, as a zip."""
        if not request.user.has_perm("privacy.export_personal_data"):
            raise PermissionDenied
        person = get_object_or_404(User, pk=pk)
        entries = privacy_services.subject_access_export(person=person, actor=request.user)
        return zip_response(entries, filename=privacy_services.subject_access_filename(person))

    def has_erase_permission(self, request):
        return request.user.has_perm("privacy.erase_account")

    @admin.action(description="Erase (anonymise) on the person's request", permissions=["erase"])
    def erase(self, request, queryset):
        return two_step_action(
            self,
            request,
            queryset,
            form_class=ErasureForm,
            call=lambda person, data: privacy_services.account_erase(
                person=person, actor=request.user, reason=data["reason"]
            ),
            done_label="erased",
            action="erase",
            title="Erase accounts",
            intro=(
                "Each account below is anonymised: names, email address, job details, "
                "equality answers, adjustments and files are removed; the certificate register "
                "keeps the name as certified, so certificates stay verifiable. The person can no "
                "longer sign in. This cannot be undone. Accounts with a course in progress are "
                "refused."
            ),
            submit_label="Erase these accounts",
        )

    def has_reset_second_factor_permission(self, request):
        return request.user.has_perm("accounts.reset_second_factor")

    @admin.action(
        description="Reset two-step sign-in (a lost device)", permissions=["reset_second_factor"]
    )
    def reset_second_factor(self, request, queryset):
        return two_step_action(
            self,
            request,
            queryset,
            form_class=SecondFactorResetForm,
            call=lambda person, data: second_factor_reset(
                person=person, actor=request.user, reason=data["reason"]
            ),
            done_label="reset",
            action="reset_second_factor",
            title="Reset two-step sign-in",
            intro=(
                "Each person below loses every passkey, authenticator app and recovery code. "
                "They sign in with their password and add a new second step at once. Check "
                "first that it is really them asking."
            ),
            submit_label="Reset their two-step sign-in",
        )

    def get_readonly_fields(self, request, obj=None):
        # Only a superuser may hand out superuser status or individual permissions.
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += ["is_superuser", "user_permissions"]
        return fields
