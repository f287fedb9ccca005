"""Enqueue reminders of overdue monitoring returns: run once a day (cron or a systemd timer,
docs/deploy.md)."""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from openpcc.funding import selectors
from openpcc.funding.tasks import send_return_reminder


class Command(BaseCommand):
    help = (
        "E-mail the contact of each grant or commissioned service whose monitoring return is overdue. "
        "Each return is reminded of once, so running it again (or daily) is safe. The e-mails are sent "
        "by the tasks worker."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", dest="as_of", help="Act as if today were this date (YYYY-MM-DD).")

    def handle(self, *args, as_of: str | None = None, **options):
        today = self._today(as_of)
        ids = selectors.returns_due_for_reminders(today=today)
        for pk in ids:
            send_return_reminder.enqueue(pk, today.isoformat())
        self.stdout.write(f"{len(ids)} reminder{'s' if len(ids) != 1 else ''} of overdue returns queued for {today}.")

    @staticmethod
    def _today(value: str | None) -> date:
        if not value:
            return timezone.localdate()
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise CommandError(f"--date must be a date like 2021-05-01, not {value!r}.") from None
