"""The project's URLs plus the floor page the page benchmarks compare against. Used only by
bench/pages.py (as ROOT_URLCONF); the floor page is never served by the portal itself."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path

from imh_courses.urls import urlpatterns as portal_urlpatterns


@login_required
def floor(request):
    """An authenticated page that renders the base layout and does nothing else."""
    return render(request, "base.html")


urlpatterns = [path("bench/floor/", floor), *portal_urlpatterns]
