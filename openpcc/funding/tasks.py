"""Background work for funding: reminding the contact of a grant or commissioned service that a
monitoring return is overdue (run by the tasks worker; `manage.py send_return_reminders` enqueues
one job per overdue return not yet reminded of)."""

from __future__ import annotations

from datetime import date

from django_tasks import task

from openpcc.core.permissions import system_actor

from . import services
from .models import MonitoringReturn


@task()
def send_return_reminder(return_id: int, today: str) -> bool:
    """E-mail the contact of return ``return_id`` if it is still overdue and not yet reminded of on
    ``today`` (ISO date) when the worker gets to it. Returns whether a reminder was sent."""
    ret = MonitoringReturn.objects.filter(pk=return_id).select_related("body").first()
    if ret is None:
        return False
    return services.return_reminder_send(
        monitoring_return=ret, user=system_actor("return reminders"), today=date.fromisoformat(today)
    )
