from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "apps.insights"
    verbose_name = "Index, search and insights"

    def ready(self):
        from . import signals  # noqa: F401 (connects the receivers)
