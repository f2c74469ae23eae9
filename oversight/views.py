from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from oversight import figures, selectors
from oversight.charts import outcomes_chart
from oversight.forms import DashboardFilterForm


@require_safe
@login_required
@permission_required("oversight.view_dashboard", raise_exception=True)
def dashboard(request):
    form = DashboardFilterForm(request.GET or None)
    scope = figures.Scope(**form.scope_values()) if form.is_bound else figures.Scope()
    if form.is_bound and form.errors:
        messages.warning(
            request,
            "Some filters were not understood and are ignored: "
            + ", ".join(form.fields[name].label or name for name in form.errors)
            + ".",
        )
    (numbers, tutors), computed_at = figures.dashboard_figures_cached(scope)
    return render(
        request,
        "oversight/dashboard.html",
        {
            "form": form,
            "summary": selectors.programme_summary(),
            "figures": numbers,
            "outcomes_chart": outcomes_chart(numbers),
            "tutors": tutors,
            "computed_at": computed_at,
        },
    )
