from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from accounts.models import Region
from imh_courses.csv_export import csv_streaming_response
from imh_courses.downloads import pdf_response
from imh_courses.xlsx_export import xlsx_response
from reports import selectors, services
from reports.choices import ReportFormat
from reports.filters import ReportFilterForm
from reports.pdf import report_summary_pdf
from reports.reports import PREVIEW_ROWS, REPORTS

VIEW = "reports.view_reports"


@require_safe
@login_required
@permission_required(VIEW, raise_exception=True)
def index(request):
    return render(
        request,
        "reports/index.html",
        {"regions": selectors.region_list(viewer=request.user), "reports": REPORTS.values()},
    )


@require_safe
@login_required
@permission_required(VIEW, raise_exception=True)
def report_page(request, slug):
    report = _report(slug)
    form = _filters(request)
    if not form.is_valid():
        return _page(request, report, form, status=400)
    (summary, chart), computed_at = selectors.report_summary_cached(report=report, form=form)
    return _page(request, report, form, summary=summary, chart=chart, computed_at=computed_at)


@require_safe
@login_required
@permission_required(VIEW, raise_exception=True)
def report_download(request, slug, file_format):
    report = _report(slug)
    if file_format not in ReportFormat.values:
        raise Http404
    form = _filters(request)
    if not form.is_valid():
        return _page(request, report, form, status=400)
    rows = report.count(form)
    if not rows:
        message = "Nothing matches these filters, so there is nothing to download."
        return _page(request, report, form, status=404, message=message)
    services.report_download_record(
        user=request.user,
        report=report,
        file_format=file_format,
        filters=form.as_record(),
        rows=rows,
    )
    filename = f"{report.slug}-{timezone.localdate():%Y-%m-%d}.{file_format}"
    if file_format == ReportFormat.PDF:
        pdf = report_summary_pdf(report=report, form=form, user=request.user)
        return pdf_response(pdf, filename=filename)
    if file_format == ReportFormat.CSV:
        return csv_streaming_response(
            filename=filename, header=report.header, rows=report.rows(form)
        )
    return xlsx_response(
        filename=filename, title=report.title, header=report.header, rows=report.rows(form)
    )


@require_POST
@login_required
@permission_required(VIEW, raise_exception=True)
def subscription_toggle(request, slug):
    """Start or stop the monthly email of this report for the signed-in viewer."""
    report = _report(slug)
    if services.report_subscription_toggle(user=request.user, report=report):
        messages.success(request, f"You will get a link to {report.title} by email each month.")
    else:
        messages.success(request, f"You will no longer get {report.title} by email.")
    return redirect("reports:report", slug=report.slug)


def _page(request, report, form, *, status=200, **context):
    """The report's page: its filters, and the summary or why there is none."""
    context = {
        "report": report,
        "form": form,
        "query": request.GET.urlencode(),
        "preview_rows": PREVIEW_ROWS,
        "subscribed": selectors.report_subscribed(user=request.user, report=report),
        **context,
    }
    return render(request, "reports/report.html", context, status=status)


def _report(slug):
    try:
        return REPORTS[slug]
    except KeyError:
        raise Http404 from None


def _filters(request):
    """The filter form, bound to the query string. Naming a region that exists but is not the
    viewer's is refused outright (403), not shown as a form error."""
    regions = selectors.report_regions(viewer=request.user)
    form = ReportFilterForm(request.GET, regions=regions)
    asked = request.GET.get("region", "")
    not_theirs = asked.isdigit() and not regions.filter(pk=asked).exists()
    if not_theirs and Region.objects.filter(pk=asked).exists():
        raise PermissionDenied
    return form
