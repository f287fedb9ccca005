"""``manage.py backup [PATH]``: every record and every stored file in one archive (core.backup)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from openpcc.core.backup import BackupError, backup_write


class Command(BaseCommand):
    help = "Write a backup of the whole installation (records and stored files) to one archive."

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            nargs="?",
            help="The archive to write, or a folder to write it in (default: the current folder). "
            "Named openpcc-backup-<date-time>.tar.gz when a folder is given.",
        )

    def handle(self, *args, path: str | None = None, **options):
        target = Path(path or ".")
        if target.is_dir():
            target = target / f"openpcc-backup-{timezone.now():%Y%m%d-%H%M%S}.tar.gz"
        if target.exists():
            raise CommandError(f"{target} already exists: give another name, or move it away first.")
        if not target.parent.is_dir():
            raise CommandError(f"{target.parent} is not a folder.")
        try:
            manifest = backup_write(target, say=lambda line: self.stdout.write(f"  {line}"))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        size = target.stat().st_size
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written to {target} ({size / 1024 / 1024:.1f} MB, OpenPCC {manifest['openpcc_version']}, "
                f"{sum(manifest['counts'].values())} records, {len(manifest['checksums']) - 1} files)."
            )
        )
