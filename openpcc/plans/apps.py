from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "openpcc.plans"
    label = "plans"
    verbose_name = "Police and Crime Plans"

    def ready(self) -> None:
        from . import boardpapers, plugins, search

        plugins.register()
        boardpapers.register()
        search.register()
