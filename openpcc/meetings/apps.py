from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "openpcc.meetings"
    label = "meetings"
    verbose_name = "Meetings and scrutiny"

    def ready(self) -> None:
        from openpcc.core.golden_thread import register_priority_links
        from openpcc.core.navigation import register_section

        from .selectors import priority_links

        register_priority_links(priority_links)

        register_section(key="meetings", label="Meetings", url_name="meetings:list", order=20)
        register_section(key="actions", label="Action log", url_name="meetings:actions", order=30)
        register_section(key="work_programme", label="Work programme", url_name="meetings:work_programme", order=40)
