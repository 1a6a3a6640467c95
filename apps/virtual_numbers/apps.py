from django.apps import AppConfig


class VirtualNumbersConfig(AppConfig):
    name = "apps.virtual_numbers"
