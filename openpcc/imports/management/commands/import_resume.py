"""Queue again every import whose worker stopped: ``manage.py import_resume``.

Run it when the task workers start (after a restart or a crash): a batch that is unfinished and
has reported no progress for a while is read on from where it stopped; files already read are
kept and not read again, and a file cut off half-way is read again from the start."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from openpcc.core.permissions import system_actor
from openpcc.imports import services


class Command(BaseCommand):
    help = "Queue again the imports whose worker stopped part-way through."

    def handle(self, *args, **options):
        resumed = services.batches_resume_stalled(user=system_actor("archive import"))
        for batch in resumed:
            self.stdout.write(f"Resumed: {batch.source_name} ({batch.files_done} of {batch.files_total} files read)")
        self.stdout.write(self.style.SUCCESS(f"{len(resumed)} import(s) resumed."))
