from django.urls import path

from oversight import review_views, views

app_name = "oversight"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("reviews/", review_views.review_list, name="review_list"),
    path("reviews/new/", review_views.review_open, name="review_open"),
    path("reviews/<int:pk>/", review_views.review_detail, name="review_detail"),
    path("reviews/<int:pk>/pack.pdf", review_views.review_pack, name="review_pack"),
    path("reviews/<int:pk>/edit/", review_views.review_edit, name="review_edit"),
    path("reviews/<int:pk>/actions/", review_views.review_action_add, name="review_action_add"),
    path("reviews/<int:pk>/comments/", review_views.review_comment, name="review_comment"),
    path("reviews/<int:pk>/sign-off/", review_views.review_sign_off, name="review_sign_off"),
    path("actions/", review_views.action_log, name="action_log"),
    path("actions/<int:pk>/done/", review_views.action_done, name="action_done"),
]
