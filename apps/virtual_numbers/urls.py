from django.urls import path

from apps.virtual_numbers import views

app_name = "virtual_numbers"

urlpatterns = [
    path("", views.number_list, name="list"),
    path("available/", views.available, name="available"),
    path("available/confirm/", views.purchase_confirm, name="purchase_confirm"),
    path("<int:number_id>/", views.number_detail, name="detail"),
    path("<int:number_id>/edit/", views.number_edit, name="edit"),
    path("<int:number_id>/operators/add/", views.add_operator, name="add_operator"),
    path("<int:number_id>/operators/order/", views.reorder_operators, name="reorder_operators"),
    path(
        "<int:number_id>/operators/<int:operator_id>/remove/",
        views.remove_operator,
        name="remove_operator",
    ),
]
