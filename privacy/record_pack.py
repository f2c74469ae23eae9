"""The student record pack: one enrolment's records and everything done with them, in time
order, as a PDF for appeals and complaints (the safe renderer: our own static files only)."""

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from assessment.models import Extension, Moderation, Submission
from audit.history import history_rows
from audit.selectors import audit_event_list_about
from audit.services import audit_record
from certificates.models import Certificate
from enrolment.models import Attendance, Enrolment
from imh_courses.pdf import pdf_render

RECORD_PACK_STYLESHEET = "pdf/summary.css"


def record_pack_context(enrolment):
    enrolment = Enrolment.objects.select_related(
        "student", "cohort__module", "organisation", "region", "certificate"
    ).get(pk=enrolment.pk)
    attendance = list(
        Attendance.objects.filter(enrolment=enrolment)
        .select_related("taught_day", "recorded_by")
        .order_by("taught_day__date")
    )
    submissions = list(
        Submission.objects.filter(enrolment=enrolment)
        .select_related("marker", "moderation__moderator", "moderation__resolved_by")
        .order_by("attempt")
    )
    extensions = list(Extension.objects.filter(enrolment=enrolment).select_related("decided_by"))
    certificate = getattr(enrolment, "certificate", None)
    events = audit_event_list_about(
        {
            Enrolment: [enrolment.pk],
            Attendance: [record.pk for record in attendance],
            Submission: [submission.pk for submission in submissions],
            Extension: [extension.pk for extension in extensions],
            Moderation: [s.moderation.pk for s in submissions if hasattr(s, "moderation")],
            Certificate: [certificate.pk] if certificate else [],
        }
    )
    return {
        "enrolment": enrolment,
        "attendance": attendance,
        "submissions": submissions,
        "extensions": extensions,
        "certificate": certificate,
        "events": history_rows(events),
    }


@transaction.atomic
def record_pack_pdf(*, enrolment, actor):
    """The pack as PDF bytes; producing it is recorded in the audit trail (it holds personal
    data and is sent outside the portal)."""
    context = record_pack_context(enrolment)
    audit_record(actor=actor, action="enrolment.record_pack", target=context["enrolment"])
    html = render_to_string(
        "privacy/pdf/record_pack.html",
        {**context, "printed_at": timezone.now(), "printed_by": actor},
    )
    return pdf_render(html, stylesheet=RECORD_PACK_STYLESHEET)
