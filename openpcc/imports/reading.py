"""Reading an import batch's files into proposals (run by the task worker, or by
``manage.py import_archive`` as it goes): each file's text is extracted under limits, parsed,
and stored as proposals for review; nothing is a record until a person accepts it."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from openpcc.core.models import User
from openpcc.core.permissions import CLERK_ROLES, require_role
from openpcc.documents.extraction import ExtractionError, extract_limited

from . import parsing, selectors
from .models import READ_STATUSES, ImportBatch, ImportFile, Proposal

Progress = Callable[[ImportBatch, ImportFile], None]


def batch_run(*, batch: ImportBatch, user: User, progress: Progress | None = None) -> ImportBatch:
    """Read every waiting file of the batch. Each file is its own transaction: a damaged file
    is marked failed with the reason and leaves nothing behind; the batch carries on.

    Safe to run again on the same batch (a worker restarted half-way): files already read are
    skipped, a file whose reading was cut off was never committed and is read again from the
    start, and the counts are taken from the files themselves, so nothing is counted twice.
    Files are loaded one at a time without their text, so memory stays flat however big the batch."""
    require_role(user, batch.body, CLERK_ROLES, "read an import batch")
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.RUNNING, heartbeat=timezone.now())
    batch.refresh_from_db()
    lexicon = selectors.lexicon_get(batch.body)
    batch.files_done = batch.pages_done = 0
    batch.seconds = 0.0
    ids = list(batch.files.order_by("order", "pk").values_list("pk", flat=True))
    for pk in ids:
        row = ImportFile.objects.defer("text").select_related("body").get(pk=pk)
        if row.status == ImportFile.Status.QUEUED:
            _file_read(row, lexicon)
        batch.files_done += 1
        batch.pages_done += row.pages
        batch.seconds += row.seconds
        ImportBatch.objects.filter(pk=batch.pk).update(
            files_done=batch.files_done, pages_done=batch.pages_done, seconds=batch.seconds, heartbeat=timezone.now()
        )
        if progress is not None:
            progress(batch, row)
    batch.status, batch.finished_at = ImportBatch.Status.DONE, timezone.now()
    ImportBatch.objects.filter(pk=batch.pk).update(status=batch.status, finished_at=batch.finished_at)
    return batch


def _file_read(row: ImportFile, lexicon: parsing.Lexicon) -> ImportFile:
    started = time.perf_counter()
    original = (
        ImportFile.objects.filter(body=row.body_id, sha256=row.sha256, status__in=READ_STATUSES)
        .exclude(pk=row.pk)
        .order_by("pk")
        .first()
    )
    if original is not None:
        row.status, row.duplicate_of = ImportFile.Status.DUPLICATE, original
        row.error = f"{row.name} was imported before (as {original.name}, batch {original.batch_id}); nothing new."
        row.save(update_fields=["status", "duplicate_of", "error"])
        return row
    try:
        with transaction.atomic():
            with row.file.open("rb") as fh:
                data = fh.read()
            # named as the reviewer sees it ("outer.zip/2019/minutes.doc"); read by its content too
            result = extract_limited(row.name, data, archive=True)
            if not result.text.strip():
                if row.name.lower().endswith(".pdf"):
                    raise ExtractionError(f"{row.name} has no text layer (a scan?): it needs OCR before it is read.")
                raise ExtractionError(f"{row.name} has no text in it: there is nothing to read.")
            pages = result.text.split("\f")
            found = parsing.parse(pages, lexicon)
            # Claim the file before writing: another worker (a batch resumed while this one still
            # ran) may have read it meanwhile. The conditional UPDATE waits for that worker's
            # commit and then matches nothing, so a file's proposals are never stored twice.
            if not ImportFile.objects.filter(pk=row.pk, status=ImportFile.Status.QUEUED).update(seconds=0):
                row.refresh_from_db(fields=["status", "pages", "seconds"])
                return row
            _store(row, found)
            row.status = ImportFile.Status.READ if found else ImportFile.Status.NOTHING
            row.error, row.pages, row.text = "", result.pages, result.text
            row.text_truncated, row.seconds = result.truncated, time.perf_counter() - started
            row.save(update_fields=["status", "error", "pages", "text", "text_truncated", "seconds"])
    except ExtractionError as exc:
        _fail(row, str(exc), started)
    except Exception as exc:  # a damaged file must never stop the batch
        _fail(row, f"{row.name} could not be read: {type(exc).__name__}: {exc}", started)
    return row


def _fail(row: ImportFile, reason: str, started: float) -> None:
    row.status, row.error = ImportFile.Status.FAILED, reason[:500]
    row.seconds = time.perf_counter() - started
    row.save(update_fields=["status", "error", "seconds"])


def _store(row: ImportFile, found: list[parsing.Found]) -> None:
    """The proposals, numbered in reading order (a parent before its children), written a level
    of the tree at a time: one INSERT for the meetings and the other top-level proposals, one for
    all their parts (a paper of many items makes hundreds)."""
    levels: list[list[tuple[parsing.Found, int, int | None]]] = []  # (proposal, order, parent's place)
    order = 0

    def number(item: parsing.Found, depth: int, parent: int | None) -> None:
        nonlocal order
        order += 1
        if len(levels) <= depth:
            levels.append([])
        levels[depth].append((item, order, parent))
        place = len(levels[depth]) - 1
        for child in item.children:
            number(child, depth + 1, place)

    for item in found:
        number(item, 0, None)
    above: list[Proposal] = []
    for level in levels:
        made = [
            Proposal(
                body=row.body,
                file=row,
                parent=above[parent] if parent is not None else None,
                kind=item.kind,
                label=item.label[:300],
                data=item.data,
                page=item.page,
                passage=item.passage,
                order=n,
            )
            for item, n, parent in level
        ]
        above = Proposal.objects.bulk_create(made)
