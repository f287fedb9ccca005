from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "openpcc.decisions"
    label = "decisions"
    verbose_name = "Decision records"

    def ready(self) -> None:
        from . import plugins, search

        plugins.register()
        search.register()
