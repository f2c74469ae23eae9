from django.urls import path

from oversight import views

app_name = "oversight"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("reviews/", views.review_list, name="review_list"),
    path("reviews/new/", views.review_open, name="review_open"),
    path("reviews/<int:pk>/", views.review_detail, name="review_detail"),
    path("reviews/<int:pk>/pack.pdf", views.review_pack, name="review_pack"),
    path("reviews/<int:pk>/edit/", views.review_edit, name="review_edit"),
    path("reviews/<int:pk>/actions/", views.review_action_add, name="review_action_add"),
    path("reviews/<int:pk>/comments/", views.review_comment, name="review_comment"),
    path("reviews/<int:pk>/sign-off/", views.review_sign_off, name="review_sign_off"),
    path("actions/", views.action_log, name="action_log"),
    path("actions/<int:pk>/done/", views.action_done, name="action_done"),
]
