from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from reports import selectors


@require_safe
@login_required
@permission_required("reports.view_reports", raise_exception=True)
def index(request):
    return render(
        request, "reports/index.html", {"regions": selectors.region_list(viewer=request.user)}
    )
