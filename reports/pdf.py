"""A report's summary as a PDF: its summary and chart, never the long tables (the CSV and
Excel downloads hold every row), through the safe renderer."""

from django.template.loader import render_to_string
from django.utils import timezone

from imh_courses.pdf import pdf_render
from oversight.charts import bar_chart
from reports.reports import FUNNEL_MEASURES

SUMMARY_STYLESHEET = "pdf/summary.css"


def report_chart(report, summary):
    """The report's chart (server-side SVG, the same on the page and in the PDF), or None."""
    if report.slug == "funnel":
        totals = summary["totals"]
        rows = [(label, totals[name]) for name, label in FUNNEL_MEASURES if name != "places"]
    elif report.slug == "learners":
        rows = summary["by_state"]
    elif report.slug == "evaluation":
        rows = [(row[1], row[5]) for row in summary["rows"] if isinstance(row[5], float)]
    else:
        return None
    return bar_chart(rows) if rows else None


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
    context["chart"] = report_chart(report, summary)
    if report.slug == "funnel":
        context["totals"] = [
            (name, label, summary["totals"][name]) for name, label in FUNNEL_MEASURES
        ]
    html = render_to_string("reports/pdf/report.html", context)
    return pdf_render(html, stylesheet=SUMMARY_STYLESHEET)
