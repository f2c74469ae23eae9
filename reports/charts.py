"""Each report's chart: server-side SVG, the same on its page and in its PDF summary."""

from oversight.charts import bar_chart
from reports.reports import FUNNEL_MEASURES


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
