from django.contrib import admin

from modules.models import Cohort


class CohortCodeFilter(admin.RelatedFieldListFilter):
    """Cohorts by code, newest first, in one query (a cohort's name would fetch its module).
    For any admin list of records that belong to a cohort."""

    def field_choices(self, field, request, model_admin):
        return list(Cohort.objects.order_by("-start_date").values_list("pk", "code"))
