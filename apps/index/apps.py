from django.apps import AppConfig


class IndexConfig(AppConfig):
    """The console-side index (docs/architecture.md, "The index"): what each key can read, kept for
    search, insights and comparison. Its tables keep the label they were created under."""

    name = "apps.index"
    label = "insights"
    verbose_name = "Index, search and insights"

    def ready(self):
        from . import signals  # noqa: F401 (connects the receivers)
