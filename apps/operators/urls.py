from django.urls import path

from apps.operators import calls, views

app_name = "operators"

urlpatterns = [
    path("", views.operator_list, name="list"),
    path("new/", views.operator_create, name="create"),
    path("<int:operator_id>/", views.operator_detail, name="detail"),
    path("<int:operator_id>/edit/", views.operator_edit, name="edit"),
    path("<int:operator_id>/calls/", calls.operator_calls, name="calls"),
    path("<int:operator_id>/active/", views.toggle_active, name="toggle_active"),
    path("<int:operator_id>/delete/", views.operator_delete, name="delete"),
    # Routing from the operator's side; the numbers screens offer the same from the number's side.
    path("<int:operator_id>/attach/", views.operator_attach, name="attach"),
    path("<int:operator_id>/detach/<int:number_id>/", views.operator_detach, name="detach"),
]
