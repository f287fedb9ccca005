"""Remove spending uploads left waiting for their columns to be confirmed for more than a day:
``manage.py expire_spending_uploads`` (daily, next to the reminders; docs/deploy.md)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from openpcc.core.permissions import system_actor
from openpcc.spending import services
from openpcc.spending.selectors import STAGED_HOURS


class Command(BaseCommand):
    help = f"Remove spending uploads whose column mapping was not confirmed within {STAGED_HOURS} hours."

    def handle(self, *args, **options):
        removed = services.spending_staged_expire(user=system_actor("upload housekeeping"))
        self.stdout.write(f"Removed {removed} expired spending upload{'s' if removed != 1 else ''}.")
