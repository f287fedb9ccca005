from django.apps import AppConfig


class BoardPapersConfig(AppConfig):
    name = "openpcc.boardpapers"
    label = "boardpapers"
    verbose_name = "Board papers out"

    def ready(self) -> None:
        from openpcc.core.permissions import ADMIN_ROLES, CLERK_ROLES
        from openpcc.core.registry import StaffSection, register_staff_section

        from . import annual

        annual.register()
        register_staff_section(
            StaffSection(
                label="Generate a board paper", url_name="boardpapers_staff:generate", roles=CLERK_ROLES, order=90
            )
        )
        register_staff_section(  # the body's paper style: its administrators' page
            StaffSection(label="Paper style", url_name="boardpapers_staff:style", roles=ADMIN_ROLES, order=91)
        )
