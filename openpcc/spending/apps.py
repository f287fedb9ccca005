from django.apps import AppConfig


class SpendingConfig(AppConfig):
    name = "openpcc.spending"
    label = "spending"
    verbose_name = "Spending over £500"

    def ready(self) -> None:
        from . import boardpapers, plugins, search

        plugins.register()
        boardpapers.register()
        search.register()
