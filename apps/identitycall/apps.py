from django.apps import AppConfig


class IdentitycallConfig(AppConfig):
    name = "apps.identitycall"
