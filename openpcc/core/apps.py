from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "openpcc.core"
    label = "core"
    verbose_name = "Core: bodies, roles, publication"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from . import public_cache, security

        public_cache.connect_signals()
        user_logged_in.connect(security.mark_seen, dispatch_uid="openpcc-session-seen")
