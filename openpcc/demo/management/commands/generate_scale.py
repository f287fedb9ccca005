"""Write a synthetic national-scale data set (see openpcc.demo.scale) for benchmarks."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from openpcc.demo.scale import PRESETS, REFERENCE_DAY, expected, generate


class Command(BaseCommand):
    help = (
        "Generate a synthetic data set of every PCC and panel with years of history, in bulk. "
        "Run it on an empty database, e.g. DATABASE_URL=sqlite:///var/scale.sqlite3."
    )

    def add_arguments(self, parser):
        parser.add_argument("--preset", choices=sorted(PRESETS), default="national")
        parser.add_argument("--bodies", type=int, help="Number of bodies (offices and panels alternate).")
        parser.add_argument("--years", type=int, help="Years of history, ending on the reference day.")
        parser.add_argument(
            "--today",
            help=f"The reference day the history ends on, YYYY-MM-DD (default {REFERENCE_DAY:%Y-%m-%d}, whatever "
            "the date: two runs make the same data).",
        )
        parser.add_argument("--no-history", action="store_true", help="Skip the change-history rows (faster).")
        parser.add_argument("--seed", type=int, help="Random seed (the same seed gives the same data).")
        parser.add_argument(
            "--no-index",
            action="store_true",
            help="Leave the search index empty, to build with rebuild_search_index (or by running this again).",
        )

    def handle(self, *args, **options):
        spec = PRESETS[options["preset"]]
        for name in ("bodies", "years", "seed"):
            if options[name] is not None:
                if options[name] < 1 and name != "seed":
                    raise CommandError(f"--{name} must be at least 1.")
                spec = replace(spec, **{name: options[name]})
        if options["no_history"]:
            spec = replace(spec, history=False)
        if options["today"]:
            try:
                spec = replace(spec, today=date.fromisoformat(options["today"]))
            except ValueError:
                raise CommandError(f"--today must be a date as YYYY-MM-DD, not {options['today']!r}.") from None
        sizes = ", ".join(f"~{n:,} {what}" for what, n in expected(spec).items())
        self.stdout.write(f"Generating {spec.bodies} bodies over {spec.years} years to {spec.today:%-d %B %Y}: {sizes}")
        try:
            counts = generate(spec, index=not options["no_index"], progress=lambda line: self.stdout.write(line))
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        for label, n in sorted(counts.items()):
            self.stdout.write(f"  {label:40} {n:>10,}")
