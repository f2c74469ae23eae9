"""The certificate register's filters."""

from django.contrib import admin

from certificates.selectors import certificate_filter_pdf_failed


class PdfFailedFilter(admin.SimpleListFilter):
    title = "PDF"
    parameter_name = "pdf"

    def lookups(self, request, model_admin):
        return [("failed", "Failed after every attempt")]

    def queryset(self, request, queryset):
        if self.value() == "failed":
            return certificate_filter_pdf_failed(queryset)
        return queryset
