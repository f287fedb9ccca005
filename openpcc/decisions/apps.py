from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "openpcc.decisions"
    label = "decisions"
    verbose_name = "Decision records"

    def ready(self) -> None:
        from openpcc.core.golden_thread import register_priority_links
        from openpcc.core.models import Body
        from openpcc.core.navigation import register_section

        from .selectors import priority_links

        register_section(
            key="decisions",
            label="Decisions",
            url_name="decisions:list",
            order=15,
            kinds=frozenset({Body.Kind.PCC, Body.Kind.PFCC, Body.Kind.OTHER}),
        )
        register_priority_links(priority_links)
