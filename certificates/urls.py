from django.urls import path

from certificates import views

app_name = "certificates"
urlpatterns = [
    path("<int:pk>/download/", views.download, name="download"),
    path("verify/", views.verify_lookup, name="verify_lookup"),
    path("verify/<str:code>/", views.verify, name="verify"),
]
