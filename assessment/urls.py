from django.urls import path

from assessment import views

app_name = "assessment"
urlpatterns = [
    path("enrolments/<int:pk>/", views.assignment, name="assignment"),
    path("enrolments/<int:pk>/upload/", views.upload, name="upload"),
    path("enrolments/<int:pk>/submit/", views.submit, name="submit"),
    path("enrolments/<int:pk>/extension/", views.extension_request, name="extension_request"),
    path("submissions/<int:pk>/receipt/", views.receipt, name="receipt"),
    path("submissions/<int:pk>/script/", views.script, name="script"),
    path("submissions/<int:pk>/feedback-file/", views.feedback_file, name="feedback_file"),
]
