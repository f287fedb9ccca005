from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "openpcc.public"
    label = "public"
