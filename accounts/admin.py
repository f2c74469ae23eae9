from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm

from accounts import services
from accounts.models import Organisation, Region, User


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
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


class UserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ["email", "given_name", "family_name", "certificate_name"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    add_form = UserCreationForm
    ordering = ["family_name", "given_name"]
    list_display = ["email", "given_name", "family_name", "is_active", "is_staff"]
    list_filter = ["groups", "is_active", "is_staff", "commissioned_regions"]
    search_fields = ["email", "given_name", "family_name", "certificate_name"]
    filter_horizontal = ["groups", "user_permissions", "commissioned_regions"]
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

    def get_readonly_fields(self, request, obj=None):
        # Only a superuser may hand out superuser status or individual permissions.
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += ["is_superuser", "user_permissions"]
        return fields
