from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "openpcc.core"
    label = "core"
    verbose_name = "Core: bodies, roles, publication"
