"""A report's summary as a PDF: its summary and chart, never the long tables (the CSV and
Excel downloads hold every row), through the safe renderer."""

from django.template.loader import render_to_string
from django.utils import timezone

from imh_courses.pdf import pdf_render

SUMMARY_STYLESHEET = "pdf/summary.css"


def report_summary_pdf(*, report, form, user):
    summary = report.summary(form)
    context = {
        "report": report,
        "summary": summary,
        "user": user,
        "regions": [region.name for region in form.regions_in_scope()],
        "filters": form.described(),
        "printed_at": timezone.now(),
    }
    context["chart"] = report.chart(summary)
    html = render_to_string("reports/pdf/report.html", context)
    return pdf_render(html, stylesheet=SUMMARY_STYLESHEET)
