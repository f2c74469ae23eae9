from django.urls import path

from enrolment import views

app_name = "enrolment"
urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("cohorts/<str:code>/apply/", views.apply, name="apply"),
    path(
        "dashboard/enrolments/<int:pk>/equality-monitoring/",
        views.equality_monitoring,
        name="equality_monitoring",
    ),
    path("dashboard/enrolments/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
]
