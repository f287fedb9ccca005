from django.apps import AppConfig


class BodiesConfig(AppConfig):
    name = "openpcc.bodies"
    label = "bodies"
