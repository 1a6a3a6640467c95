"""Test and demo controls (no API key), below `…/control/`."""

from django.urls import path, re_path

from .views import control, unknown_path

urlpatterns = [
    path("faults", control.faults, name="control-faults"),
    path("faults/<int:fault_id>", control.fault, name="control-fault"),
    path("inventory", control.available_inventory, name="control-inventory"),
    path("keys", control.demo_keys, name="control-keys"),
    path("seed", control.seed, name="control-seed"),
    re_path(r"^.*$", unknown_path, name="control-unknown"),
]
