from django.urls import path

from modules import views

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("modules/", views.catalogue, name="module_list"),
    path("modules/<slug:slug>/", views.module_detail, name="module_detail"),
]
