from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from modules import selectors
from modules.models import Module


@require_safe
def catalogue(request):
    return render(request, "modules/catalogue.html", {"modules": selectors.module_list()})


@require_safe
def module_detail(request, slug):
    try:
        module = selectors.module_get_published(slug=slug)
    except Module.DoesNotExist:
        raise Http404("No such module.") from None
    cohorts = selectors.cohort_list_published(module=module)
    return render(request, "modules/module_detail.html", {"module": module, "cohorts": cohorts})
