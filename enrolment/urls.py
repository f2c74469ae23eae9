from django.urls import path

from enrolment import views

app_name = "enrolment"
urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
]
