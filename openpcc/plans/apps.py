from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "openpcc.plans"
    label = "plans"
    verbose_name = "Police and Crime Plans"

    def ready(self) -> None:
        from openpcc.core.navigation import register_section

        register_section(key="plan", label="Police and Crime Plan", url_name="plans:plan", order=10)
