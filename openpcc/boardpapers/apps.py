from django.apps import AppConfig


class BoardPapersConfig(AppConfig):
    name = "openpcc.boardpapers"
    label = "boardpapers"
    verbose_name = "Board papers out"

    def ready(self) -> None:
        from openpcc.core.permissions import CLERK_ROLES
        from openpcc.core.registry import StaffSection, register_staff_section

        register_staff_section(
            StaffSection(
                label="Generate a board paper", url_name="boardpapers_staff:generate", roles=CLERK_ROLES, order=90
            )
        )
