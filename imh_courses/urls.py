from django.contrib import admin
from django.urls import include, path

from imh_courses import views

admin.site.site_header = "IMH KUF courses: administration"
admin.site.site_title = "IMH KUF courses"
admin.site.index_title = "Courses, marking and certificates"
# The changelists are wide tables (cohort places, marking queues): give them the whole width.
admin.site.enable_nav_sidebar = False

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("home/", views.home, name="home"),
    path("accounts/", include("accounts.urls")),
    path("admin/", admin.site.urls),
    path("", include("modules.urls")),
    path("", include("enrolment.urls")),
    path("assessment/", include("assessment.urls")),
    path("certificates/", include("certificates.urls")),
    path("oversight/", include("oversight.urls")),
    path("evaluation/", include("evaluations.urls")),
    path("reports/", include("reports.urls")),
    path("", include("privacy.urls")),
]
