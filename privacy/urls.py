from django.urls import path

from privacy import views

urlpatterns = [
    path("privacy/", views.privacy_notice, name="privacy_notice"),
    path("accessibility/", views.accessibility_statement, name="accessibility_statement"),
    path("account/", views.account, name="account"),
    path("account/my-data.zip", views.account_data, name="account_data"),
]
