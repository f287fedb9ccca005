"""Every write to spending over £500: staging an upload, importing it all-or-nothing with the
column mapping the officer confirmed, publishing and unpublishing a month, and removing an
unpublished import. Each takes the acting ``user`` and checks the role first."""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from itertools import islice
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from openpcc.core.models import Body, Publication, User
from openpcc.core.permissions import APPROVE_ROLES, EDIT_ROLES, require_role, require_site_admin
from openpcc.core.writing import bulk_cache, release_at, save_versioned, stamp

from . import columnar, parsing, selectors
from .models import SpendingFile, SpendingLine
from .redaction import rules as redaction_rules

BATCH = 20_000  # lines written at a time
MAX_PROBLEMS = 50  # row problems named; the rest are counted


def _check_month(month: Any) -> date:
    if not isinstance(month, date) or isinstance(month, datetime) or month.day != 1:
        raise ValidationError({"month": "Give the month the spending is for (its month and year)."})
    return month


def _refuse_duplicates(body: Body, month: date, sha256: str, name: str) -> None:
    existing = SpendingFile.objects.for_body(body).filter(sha256=sha256).first()
    if existing is not None:
        raise ValidationError(
            {
                "file": f"This file was imported already, for {existing.month:%B %Y} (“{existing.original_name}”): "
                "the same file is never imported twice."
            }
        )
    if SpendingFile.objects.for_body(body).filter(month=month).exists():
        raise ValidationError(
            {
                "month": f"Spending for {month:%B %Y} is imported already: to replace it, unpublish and remove "
                "that import first, then upload the corrected file."
            }
        )


def _check_file(body: Body, month: date, name: str, data: bytes) -> tuple[str, parsing.Table]:
    """The file's checksum and its table (header read, rows not yet), or what is wrong with it."""
    if not data:
        raise ValidationError({"file": "The file is empty: choose the month's export from the finance system."})
    if len(data) > selectors.upload_max_bytes():
        raise ValidationError({"file": f"The file is larger than {selectors.upload_max_bytes() // (1024 * 1024)} MB."})
    sha256 = hashlib.sha256(data).hexdigest()
    _refuse_duplicates(body, month, sha256, name)
    try:
        table = parsing.read_table(name, data)
    except parsing.FileProblem as exc:
        raise ValidationError({"file": str(exc)}) from None
    return sha256, table


def spending_upload_stage(*, body: Body, month: date, name: str, data: bytes, user: User) -> str:
    """Keep an upload until its mapping is confirmed; returns the token that names it. Nothing is
    imported yet: a file that cannot be read, or is a duplicate, is refused here."""
    require_role(user, body, EDIT_ROLES, "upload spending")
    month = _check_month(month)
    sha256, _ = _check_file(body, month, name, data)
    token = secrets.token_hex(16)
    base = selectors.staged_path(body, token)
    default_storage.save(f"{base}.data", ContentFile(data))
    meta = {
        "name": name[:255],
        "month": month.isoformat(),
        "sha256": sha256,
        "user": user.pk,
        "staged_at": timezone.now().isoformat(),
    }
    default_storage.save(f"{base}.json", ContentFile(json.dumps(meta).encode()))
    for body_pk, stale in selectors.staged_stale_list(now=timezone.now(), body_pk=body.pk):
        selectors.staged_delete(body_pk, stale)  # uploads left waiting too long: this body's, tidied as it goes
    return token


def spending_staged_expire(*, user: User, now: datetime | None = None) -> int:
    """Remove every body's uploads left waiting for their mapping for more than a day (run daily by
    ``manage.py expire_spending_uploads``; a body's are also removed when it next uploads).
    Returns how many were removed."""
    require_site_admin(user, "remove expired spending uploads")
    stale = selectors.staged_stale_list(now=now or timezone.now())
    for body_pk, token in stale:
        selectors.staged_delete(body_pk, token)
    return len(stale)


def spending_file_import(*, body: Body, token: str, mapping: dict[str, int | None], user: User) -> SpendingFile:
    """Import a staged upload with the confirmed mapping, all or nothing."""
    require_role(user, body, EDIT_ROLES, "import spending")
    staged = selectors.staged_upload_get(body=body, token=token)
    made = _import(body=body, month=staged.month, name=staged.name, data=staged.data, mapping=mapping, user=user)
    transaction.on_commit(lambda: selectors.staged_delete(body, token))
    return made


def spending_file_import_now(
    *, body: Body, month: date, name: str, data: bytes, user: User, mapping: dict[str, int | None] | None = None
) -> SpendingFile:
    """Import a file in one step (the demo loader, scripts): the guessed mapping unless one is given."""
    require_role(user, body, EDIT_ROLES, "import spending")
    month = _check_month(month)
    if mapping is None:
        mapping = parsing.guess_mapping(parsing.read_table(name, data).headers)
    return _import(body=body, month=month, name=name, data=data, mapping=mapping, user=user)


@contextmanager
def _line_writer() -> Iterator[Callable[[Iterable[tuple]], None]]:
    """Write lines given as tuples (the file, the body, then ``parsing.LINE_FIELDS``) in one
    statement a batch, inside the import's transaction: PostgreSQL's COPY, elsewhere
    executemany. The values are the ones the model would write (dates, Decimals, booleans, adapted
    by the driver as Django's own bulk insert has them adapted); bulk inserts send no signals
    either way, and lines keep no history. On PostgreSQL the function also takes the lines as
    CSV (``columnar.as_csv``)."""
    meta = SpendingLine._meta
    columns = [meta.get_field(name).column for name in ("file", "body", *parsing.LINE_FIELDS)]
    quote = connection.ops.quote_name
    table, names = quote(meta.db_table), ", ".join(quote(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor  # psycopg's own cursor

            def write(batch: Iterable[tuple] | bytes) -> None:
                if isinstance(batch, bytes):
                    with raw.copy(f"COPY {table} ({names}) FROM STDIN WITH (FORMAT csv)") as copy:
                        view = memoryview(batch)
                        for start in range(0, len(view), 8 << 20):
                            copy.write(view[start : start + (8 << 20)])
                    return
                with raw.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in batch:
                        copy.write_row(row)

            yield write
        else:
            sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"

            def write(batch: Iterable[tuple]) -> None:
                cursor.executemany(sql, batch)

            # SQLite: a page cache large enough to hold the lines' indexes while a big file is written
            with bulk_cache():
                yield write


def _write_lines(*, table: parsing.Table, data: bytes, name: str, mapping: dict[str, int | None], month: date,
                 head: tuple) -> tuple[int, int, int, Decimal]:  # fmt: skip
    """Write the file's lines over £500; returns (lines, skipped, redacted, total). A CSV the
    columnar reader can decide outright is written in one statement; any other file is read row by
    row, and its problems raise (nothing written) with each one named by row and column."""
    rules = redaction_rules()
    decided = columnar.decide(data, name=name, mapping=mapping, month=month, rules=rules)
    if decided is not None:
        with _line_writer() as write:
            if decided.count:
                write(
                    columnar.as_csv(decided, head)
                    if connection.vendor == "postgresql"
                    else columnar.as_rows(decided, head)
                )
        return decided.count, decided.skipped, decided.redacted, decided.total
    lines = parsing.Lines(table, mapping=mapping, month=month, rules=rules, head=head, max_problems=MAX_PROBLEMS)
    rows = iter(lines)
    try:
        with _line_writer() as write:
            while batch := list(islice(rows, BATCH)):
                if not lines.problem_count:  # after a problem nothing is written: only problems are looked for
                    write(batch)
    except parsing.FileProblem as exc:
        raise ValidationError({"file": str(exc)}) from None
    if lines.problem_count:
        problem_count, problems = lines.problem_count, lines.problems
        more = problem_count - len(problems)
        messages = [str(p) for p in problems]
        if more:
            messages.append(f"… and {more} more problem{'s' if more != 1 else ''} like these.")
        raise ValidationError(
            [
                f"Nothing was imported: {problem_count} problem{'s' if problem_count != 1 else ''} in the file.",
                *messages,
            ]
        )
    return lines.count, lines.skipped, lines.redacted, lines.total


@transaction.atomic
def _import(
    *, body: Body, month: date, name: str, data: bytes, mapping: dict[str, int | None], user: User
) -> SpendingFile:
    sha256, table = _check_file(body, month, name, data)
    if problems := parsing.mapping_problems(mapping, table.headers):
        raise ValidationError(problems)
    spending = stamp(
        SpendingFile(
            body=body,
            month=month,
            original_name=name[:255],
            sha256=sha256,
            uploaded_by=user if getattr(user, "pk", None) else None,
            mapping={k: table.headers[c] for k, c in mapping.items() if c is not None},
        ),
        user=user,
        reason=f"Imported from {name[:200]}",
    )
    try:
        with transaction.atomic():
            spending.save()
    except IntegrityError:
        raise ValidationError(
            {"month": f"Spending for {month:%B %Y} was imported by someone else meanwhile."}
        ) from None
    count, skipped, redacted, total = _write_lines(
        table=table, data=data, name=name, mapping=mapping, month=month, head=(spending.pk, body.pk)
    )
    SpendingFile.objects.filter(pk=spending.pk).update(
        row_count=count, skipped_count=skipped, redacted_count=redacted, total=total
    )
    spending.row_count, spending.skipped_count, spending.redacted_count, spending.total = (
        count,
        skipped,
        redacted,
        total,
    )
    return spending


def spending_file_publish(*, file: SpendingFile, expected_version: int, user: User, when: Any = None) -> SpendingFile:
    """Publish a month (from ``when`` if later: an embargo)."""
    require_role(user, file.body, APPROVE_ROLES, "publish spending")
    when = when or timezone.now()
    saved = save_versioned(
        file,
        expected_version=expected_version,
        fields={"publication_status": Publication.PUBLISHED, "published_at": when},
        change_reason="Published",
        user=user,
    )
    release_at(saved, when)
    return saved


def spending_file_unpublish(*, file: SpendingFile, expected_version: int, user: User, reason: str = "") -> SpendingFile:
    """Take a month off the public site (it stays with staff, to correct or publish again)."""
    require_role(user, file.body, APPROVE_ROLES, "unpublish spending")
    return save_versioned(
        file,
        expected_version=expected_version,
        fields={"publication_status": Publication.DRAFT, "published_at": None},
        change_reason=("Unpublished: " + reason.strip()) if reason.strip() else "Unpublished",
        user=user,
    )


@transaction.atomic
def spending_file_remove(*, file: SpendingFile, expected_version: int, user: User) -> None:
    """Remove an unpublished import (a wrong file), so the month can be imported again."""
    require_role(user, file.body, EDIT_ROLES, "remove a spending import")
    current = SpendingFile.objects.select_for_update().get(pk=file.pk)
    if current.version != expected_version:
        raise ValidationError("Someone else changed this import meanwhile: look at it again before removing it.")
    if current.publication_status == Publication.PUBLISHED:
        raise ValidationError("This month is published: an approver must unpublish it before it can be removed.")
    current.lines.all().delete()
    stamp(current, user=user, reason="Removed")
    current.delete()
