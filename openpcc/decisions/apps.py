from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "openpcc.decisions"
    label = "decisions"
    verbose_name = "Decision records"

    def ready(self) -> None:
        from . import boardpapers, plugins, search

        plugins.register()
        boardpapers.register()
        search.register()
