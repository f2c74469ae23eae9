from django.urls import path

from evaluations import views

app_name = "evaluations"
urlpatterns = [
    path("enrolments/<int:pk>/self-rating/<str:stage>/", views.self_rating, name="self_rating"),
    path("enrolments/<int:pk>/course/", views.course_evaluation, name="course_evaluation"),
]
