"""Rebuild the public search index from the records (after a restore, or an upgrade)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from openpcc.search import index as indexers


class Command(BaseCommand):
    help = "Rebuild the public search index from every published record."

    def add_arguments(self, parser):
        parser.add_argument("--kind", action="append", help="Only these kinds (repeatable), e.g. --kind decision")

    def handle(self, *args, kind=None, **options):
        started = time.monotonic()

        def progress(name: str, count: int) -> None:
            self.stdout.write(f"  {name:<10} {count:>8} entries  ({time.monotonic() - started:.1f}s)")

        counts = indexers.rebuild(kind, progress=progress)
        self.stdout.write(
            self.style.SUCCESS(f"Indexed {sum(counts.values())} entries in {time.monotonic() - started:.1f}s.")
        )
