from django.apps import AppConfig


class FrameConfig(AppConfig):
    """What every section shares: page-or-partial rendering, forms, lists, errors, template tags."""

    name = "apps.frame"
