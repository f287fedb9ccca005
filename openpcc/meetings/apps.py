from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "openpcc.meetings"
    label = "meetings"
    verbose_name = "Meetings and scrutiny"

    def ready(self) -> None:
        from . import boardpapers, plugins, search

        plugins.register()
        boardpapers.register()
        search.register()
