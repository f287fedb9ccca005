from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "openpcc.funding"
    label = "funding"
    verbose_name = "Funds, grants and commissioned services"

    def ready(self) -> None:
        from . import boardpapers, plugins, search

        plugins.register()
        boardpapers.register()
        search.register()
