from django.urls import path

from apps.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("bell/", views.bell, name="bell"),
    path("email/", views.email_preference, name="email"),
    path("<int:notification_id>/dismiss/", views.dismiss, name="dismiss"),
]
