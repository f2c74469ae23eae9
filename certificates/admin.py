from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from audit.history import AuditHistoryAdminMixin, history_extra_row
from audit.services import audit_record
from certificates import services
from certificates.admin_filters import PdfFailedFilter
from certificates.forms import ReasonForm, ReissueForm
from certificates.models import Certificate
from certificates.pdf import certificate_pdf_store
from imh_courses.admin_actions import two_step_action
from imh_courses.downloads import zip_response
from modules.admin_filters import CohortCodeFilter


@admin.register(Certificate)
class CertificateAdmin(AuditHistoryAdminMixin, admin.ModelAdmin):
    """The certificate register. Nothing is edited here: reissue, revoke and reinstate are
    actions that call the certificate services, and every one is audited."""

    list_display = [
        "number",
        "holder_name",
        "module_title",
        "completed_on",
        "status",
        "reissue_count",
        "pdf_ready",
    ]
    list_filter = [
        "status",
        ("enrolment__cohort", CohortCodeFilter),
        "module_title",
        PdfFailedFilter,
    ]
    search_fields = ["number", "holder_name", "enrolment__student__email"]
    date_hierarchy = "issued_at"
    actions = ["download_zip", "reissue", "revoke", "reinstate"]
    fields = [
        "number",
        "holder_name",
        "module_title",
        "cohort_start",
        "cohort_end",
        "completed_on",
        "issued_at",
        "status",
        "revoked_at",
        "revocation_reason",
        "reissue_count",
        "reissued_at",
        "download",
        "pdf_sha256",
        "verification",
        "history",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # A certificate is revoked, never deleted.

    @admin.display(description="PDF", boolean=True)
    def pdf_ready(self, certificate):
        return bool(certificate.pdf)

    @admin.display(description="PDF")
    def download(self, certificate):
        url = reverse("certificates:download", args=[certificate.pk])
        return format_html('<a href="{}">Download {}.pdf</a>', url, certificate.number)

    @admin.display(description="Public verification page")
    def verification(self, certificate):
        url = reverse("certificates:verify", args=[certificate.verification_code])
        return format_html('<a href="{}">{}</a>', url, url)

    def history_extra_rows(self, certificate):
        return [
            history_extra_row(
                at=timezone.localtime(old.replaced_at),
                what="Earlier PDF kept",
                detail=f"{old.holder_name}, SHA-256 {old.pdf_sha256}",
            )
            for old in certificate.old_files.all()
        ]

    @admin.action(description="Download the PDFs (zip)", permissions=["view"])
    def download_zip(self, request, queryset):
        certificates = [
            certificate if certificate.pdf else certificate_pdf_store(certificate=certificate)
            for certificate in queryset
        ]
        for certificate in certificates:
            audit_record(actor=request.user, action="certificate.download", target=certificate)
        return zip_response(
            [(f"{certificate.number}.pdf", certificate.pdf) for certificate in certificates],
            filename=f"certificates-{timezone.localdate():%Y-%m-%d}.zip",
        )

    @admin.action(description="Reissue with a corrected name", permissions=["change"])
    def reissue(self, request, queryset):
        if queryset.count() != 1 and "confirmed" not in request.POST:
            self.message_user(request, "Reissue one certificate at a time.", level="error")
            return None
        return two_step_action(
            self,
            request,
            queryset,
            form_class=ReissueForm,
            call=lambda certificate, data: services.certificate_reissue(
                certificate=certificate, actor=request.user, holder_name=data["holder_name"]
            ),
            done_label="reissued",
            action="reissue",
            title="Reissue a certificate",
            intro="A new PDF is made under the same number, marked as reissued; the old one is "
            "kept in the history.",
            submit_label="Reissue",
        )

    @admin.action(description="Revoke (asks for a reason)", permissions=["change"])
    def revoke(self, request, queryset):
        return self._with_reason(
            request,
            queryset,
            services.certificate_revoke,
            action="revoke",
            done="revoked",
            intro="The public verification page will say these certificates are revoked.",
        )

    @admin.action(description="Reinstate a revoked certificate", permissions=["change"])
    def reinstate(self, request, queryset):
        return self._with_reason(
            request,
            queryset,
            services.certificate_reinstate,
            action="reinstate",
            done="reinstated",
            intro="These certificates will be valid again.",
        )

    def _with_reason(self, request, queryset, service, *, action, done, intro):
        return two_step_action(
            self,
            request,
            queryset,
            form_class=ReasonForm,
            call=lambda certificate, data: service(
                certificate=certificate, actor=request.user, reason=data["reason"]
            ),
            done_label=done,
            action=action,
            title=f"{action.capitalize()} certificates",
            intro=intro,
            submit_label=action.capitalize(),
        )
