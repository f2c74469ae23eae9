from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from modules import selectors
from modules.models import Module


@require_safe
def catalogue(request):
    return render(
        request,
        "modules/catalogue.html",
        {
            "modules": selectors.module_list(viewer=request.user),
            "may_apply": _may_apply(request.user),
        },
    )


@require_safe
def module_detail(request, slug):
    try:
        module = selectors.module_get_published(slug=slug)
    except Module.DoesNotExist:
        raise Http404("No such module.") from None
    cohorts = selectors.cohort_list_published(module=module, viewer=request.user)
    return render(
        request,
        "modules/module_detail.html",
        {"module": module, "cohorts": cohorts, "may_apply": _may_apply(request.user)},
    )


def _may_apply(user):
    """Apply links for students, and for visitors (who sign in or register first); staff
    accounts cannot apply, so they are not offered the link."""
    return not user.is_authenticated or user.has_perm("enrolment.apply")
