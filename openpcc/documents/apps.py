from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "openpcc.documents"
    label = "documents"
    verbose_name = "Documents and search"

    def ready(self) -> None:
        from .search import indexers

        indexers.connect_signals()
