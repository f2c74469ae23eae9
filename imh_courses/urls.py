from django.contrib import admin
from django.urls import include, path

from imh_courses import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("home/", views.home, name="home"),
    path("accounts/", include("accounts.urls")),
    path("accounts/passkeys/", include("django_otp_webauthn.urls", namespace="otp_webauthn")),
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
