"""Enqueue the reminders that are due: run once a day (cron or a systemd timer, docs/deploy.md)."""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from openpcc.plans import selectors
from openpcc.plans.tasks import send_round_reminders


class Command(BaseCommand):
    help = (
        "E-mail delivery leads the updates they still have to write, for each open round whose reminder "
        "day (the plan's 'reminder days before updates are due') has come. Each lead is reminded once per "
        "round, so running it again (or daily) is safe. The e-mails are sent by the tasks worker."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            dest="as_of",
            help="Act as if today were this date (YYYY-MM-DD), e.g. to try the demo's 2018 round.",
        )

    def handle(self, *args, as_of: str | None = None, **options):
        today = self._today(as_of)
        rounds = selectors.rounds_due_for_reminders(today=today)
        for rnd in rounds:
            send_round_reminders.enqueue(rnd.pk, today.isoformat())
            self.stdout.write(f"Reminders for {rnd.plan.body.display_name}, {rnd.name} (due {rnd.due_date}) queued.")
        if not rounds:
            self.stdout.write(f"No round has reminders due on {today}.")

    @staticmethod
    def _today(value: str | None) -> date:
        if not value:
            return timezone.localdate()
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise CommandError(f"--date must be a date like 2018-01-05, not {value!r}.") from None
