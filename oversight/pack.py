"""The review pack: a review's frozen figures, chart, findings, decisions and actions as a
PDF, rendered by the same safe renderer as certificates (our own static files only)."""

from django.template.loader import render_to_string
from django.utils import timezone

from imh_courses.pdf import pdf_render
from oversight.charts import outcomes_chart

REVIEW_PACK_STYLESHEET = "pdf/summary.css"


def review_figures_context(review):
    """What the figures template needs, from the review's snapshot (never today's data)."""
    figures = review.snapshot["figures"]
    return {
        "f": figures,
        "tutors": review.snapshot["tutors"],
        "outcomes_chart": outcomes_chart(figures),
    }


def review_pack_html(review):
    return render_to_string(
        "oversight/pdf/review_pack.html",
        {
            "review": review,
            **review_figures_context(review),
            "actions": list(review.actions.all()),
            "printed_at": timezone.now(),
        },
    )


def review_pack_pdf(review):
    return pdf_render(review_pack_html(review), stylesheet=REVIEW_PACK_STYLESHEET)
