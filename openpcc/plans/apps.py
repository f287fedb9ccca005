from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "openpcc.plans"
    label = "plans"
    verbose_name = "Police and Crime Plans"

    def ready(self) -> None:
        from openpcc.core.models import Body
        from openpcc.core.navigation import register_section

        # Panels scrutinise a commissioner's plan; they have none of their own.
        register_section(
            key="plan",
            label="Police and Crime Plan",
            url_name="plans:plan",
            order=10,
            kinds=frozenset({Body.Kind.PCC, Body.Kind.PFCC, Body.Kind.OTHER}),
        )
