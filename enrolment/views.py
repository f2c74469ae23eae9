from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import render
from django.views.decorators.http import require_safe


@require_safe
@login_required
@permission_required("enrolment.view_own_dashboard", raise_exception=True)
def dashboard(request):
    return render(request, "enrolment/dashboard.html")
