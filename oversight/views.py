from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from oversight import selectors


@require_safe
@login_required
@permission_required("oversight.view_dashboard", raise_exception=True)
def dashboard(request):
    return render(request, "oversight/dashboard.html", {"summary": selectors.programme_summary()})
