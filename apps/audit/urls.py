from django.urls import path

from apps.audit import views

app_name = "audit"

urlpatterns = [
    path("settings/activity/", views.activity, name="activity"),
    path("settings/activity/export.csv", views.activity_csv, name="activity_csv"),
]
