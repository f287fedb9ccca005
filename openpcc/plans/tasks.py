"""Background work for plans: reminding leads of a round's updates still to write (run by the
tasks worker; `manage.py send_round_reminders` enqueues it for each round whose reminder day has come)."""

from __future__ import annotations

from datetime import date

from django_tasks import task

from openpcc.core.permissions import system_actor

from . import selectors, services
from .models import ReportingRound


@task()
def send_round_reminders(round_id: int, today: str) -> int:
    """E-mail the leads of ``round_id`` with updates still to write, if it is still due on
    ``today`` (ISO date) when the worker gets to it. Returns how many reminders were sent."""
    rnd = ReportingRound.objects.filter(pk=round_id).select_related("plan", "plan__body").first()
    if rnd is None or not selectors.round_reminder_due(round=rnd, today=date.fromisoformat(today)):
        return 0
    return services.round_reminders_send(round=rnd, user=system_actor("round reminders"))
