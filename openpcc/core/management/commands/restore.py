"""``manage.py restore PATH``: load a backup into an empty installation (core.backup)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from openpcc.core.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into this installation, which must be migrated and "
        "empty. The whole archive is checked first; a damaged or mismatched one changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The backup archive (openpcc-backup-....tar.gz).")

    def handle(self, *args, path: str, **options):
        try:
            manifest = restore(Path(path), say=lambda line: self.stdout.write(f"  {line}"))
        except BackupError as exc:
            raise CommandError(f"Nothing was restored. {exc}") from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the backup of {manifest['created_at']} (OpenPCC {manifest['openpcc_version']}, "
                f"from {manifest['database']})."
            )
        )
