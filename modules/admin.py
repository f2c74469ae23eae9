from django.contrib import admin

from modules.models import Cohort, Module, TaughtDay


@admin.register(Module)
class ModuleAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "word_limit", "is_active"]
    list_filter = ["is_active"]
    prepopulated_fields = {"slug": ["title"]}
    search_fields = ["code", "title"]


class TaughtDayInline(admin.TabularInline):
    model = TaughtDay
    extra = 1


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    inlines = [TaughtDayInline]
    list_display = [
        "code",
        "module",
        "status",
        "start_date",
        "end_date",
        "capacity",
        "delivery_mode",
    ]
    list_filter = ["status", "module", "delivery_mode", "funding_regions"]
    list_select_related = ["module"]
    search_fields = ["code", "module__title", "funding_reference"]
    filter_horizontal = ["funding_regions", "tutors"]
    date_hierarchy = "start_date"
