"""``manage.py db_worker``: the task worker (django-tasks-db's), which first reads on every
archive import that the last stop of a worker cut off: a batch whose worker stopped is queued
again from where it stopped (files already read are kept and not read again), and a check is
queued for imports whose last report is still fresh, so one cut off by a quick restart is read on
once it counts as stopped (OPENPCC_IMPORT_STALLED_SECONDS). Nobody has to run ``import_resume``.

This command replaces django-tasks-db's of the same name (the imports app comes first in
INSTALLED_APPS); every option is the same."""

from __future__ import annotations

import os

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as WorkerCommand

from openpcc.core.permissions import system_actor
from openpcc.imports import services


class Command(WorkerCommand):
    help = "Run the task worker; imports a stopped worker left unfinished are read on first."

    def handle(self, *args, **options):
        # with --reload the worker runs in a child process: the imports are looked at there, once
        if not options.get("reload") or os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
            self.resume_imports()
        return super().handle(*args, **options)

    def resume_imports(self) -> None:
        resumed, next_check = services.imports_watch(user=system_actor("archive import"))
        for batch in resumed:
            self.stdout.write(f"Resumed: {batch.source_name} ({batch.files_done} of {batch.files_total} files read)")
        if next_check is not None:
            self.stdout.write(f"Unfinished imports are checked again at {next_check:%H:%M:%S}.")
