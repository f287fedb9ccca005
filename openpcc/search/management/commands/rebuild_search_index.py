"""Rebuild the public search index from the records (after a restore, or an upgrade)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from openpcc.core.registry import searchables
from openpcc.search import index as indexers


class Command(BaseCommand):
    help = (
        "Rebuild the public search index from every published record, in one transaction: if it is "
        "interrupted, the old index stays in use and the command can simply be run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--kind", action="append", help="Only these kinds (repeatable), e.g. --kind decision")

    def handle(self, *args, kind=None, **options):
        known = {s.kind for s in searchables()}
        unknown = sorted(set(kind or []) - known)
        if unknown:
            raise CommandError(f"Unknown kind(s): {', '.join(unknown)}. Known: {', '.join(sorted(known))}.")
        started = time.monotonic()
        counts = indexers.rebuild(kind, progress=self.stdout.write)
        self.stdout.write(
            self.style.SUCCESS(f"Indexed {sum(counts.values()):,} entries in {time.monotonic() - started:.1f}s.")
        )
