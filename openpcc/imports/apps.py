from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "openpcc.imports"
    label = "imports"
    verbose_name = "Archive import"

    def ready(self) -> None:
        from . import plugins

        plugins.register()
