"""Import an archive of papers: ``manage.py import_archive PATH --body SLUG``.

PATH is a folder (read recursively), a zip, or one file. Each file is read into proposals
for review on the staff pages; nothing becomes a record until a person accepts it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from openpcc.core.models import Body
from openpcc.core.permissions import system_actor
from openpcc.imports import scoring, services
from openpcc.imports.intake import intake
from openpcc.imports.models import ImportBatch, ImportFile
from openpcc.imports.reading import batch_run


class Command(BaseCommand):
    help = "Read a folder or zip of PDF, Word (.docx, .doc), RTF, web page and text papers into proposals for review."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--body", required=True, help="The slug of the body the papers belong to.")
        parser.add_argument(
            "--score",
            metavar="KEY.json",
            help="Measure, don't keep: import into a transaction that is rolled back and print recall and "
            "precision per field against this answer key (entries matched to files by name).",
        )

    def handle(self, *args, path: str, body: str, **options):
        target = Body.objects.filter(slug=body).first()
        if target is None:
            raise CommandError(f"There is no body with the address “{body}”.")
        actor = system_actor("archive import")
        if options.get("score"):
            try:
                key = scoring.key_load(options["score"])
                scores = scoring.archive_score(path=path, body=target, key=key, user=actor)
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from exc
            self.stdout.write(scoring.report(scores, detail=options.get("verbosity", 1) > 1))
            return
        try:
            with intake() as taken:
                taken.add_path(path)
                batch = services.batch_create(body=target, files=taken.files, source_name=path, user=actor)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(f"Importing {batch.files_total} file(s) into {target.name}…")

        def progress(batch: ImportBatch, row: ImportFile) -> None:
            rate = f"{batch.pages_per_second:.1f} pages/s" if batch.pages_per_second else "–"
            if row.status == ImportFile.Status.READ:
                outcome = f"{row.pages} page(s), {row.proposals.count()} proposal(s)"
            elif row.status == ImportFile.Status.NOTHING:
                outcome = f"{row.pages} page(s), read, nothing recognised"
            elif row.status == ImportFile.Status.DUPLICATE:
                outcome = "already imported: skipped"
            else:
                outcome = f"FAILED: {row.error}"
            self.stdout.write(f"[{batch.files_done}/{batch.files_total}] {row.name}: {outcome} ({rate})")

        batch_run(batch=batch, user=actor, progress=progress)
        counts = {s: batch.files.filter(status=s).count() for s in ImportFile.Status.values}
        self.stdout.write(
            self.style.SUCCESS(
                f"Done: {counts['read']} read, {counts['nothing']} read with nothing recognised, "
                f"{counts['duplicate']} already imported, {counts['failed']} failed; "
                f"{batch.pages_done} page(s) in {batch.seconds:.1f}s. Review the proposals at "
                f"/staff/{target.slug}/imports/{batch.pk}/"
            )
        )
