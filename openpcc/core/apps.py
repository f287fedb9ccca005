from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "openpcc.core"
    label = "core"
    verbose_name = "Core: bodies, roles, publication"

    def ready(self) -> None:
        from . import public_cache

        public_cache.connect_signals()
