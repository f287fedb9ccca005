from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "openpcc.documents"
    label = "documents"
    verbose_name = "Documents"

    def ready(self) -> None:
        from . import plugins, search

        plugins.register()
        search.register()
