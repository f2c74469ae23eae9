from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.report_page, name="report"),
    path("<slug:slug>/download.<str:file_format>", views.report_download, name="download"),
    path("<slug:slug>/subscription/", views.subscription_toggle, name="subscription"),
]
