from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "openpcc.demo"
    label = "demo"
