from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "openpcc.search"
    label = "search"
    verbose_name = "Search"

    def ready(self) -> None:
        from openpcc.core.signals import release_scheduled

        from . import index, tasks

        index.connect_signals()
        release_scheduled.connect(tasks.release_scheduled_receiver, dispatch_uid="search-release-scheduled")
