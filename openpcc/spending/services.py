"""Every write to spending over £500: staging an upload, importing it all-or-nothing with the
column mapping the officer confirmed, publishing and unpublishing a month, and removing an
unpublished import. Each takes the acting ``user`` and checks the role first."""

from __future__ import annotations

import hashlib
import json
import secrets
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone

from openpcc.core.models import Body, Publication, User
from openpcc.core.permissions import APPROVE_ROLES, EDIT_ROLES, require_role
from openpcc.core.writing import release_at, save_versioned, stamp

from . import parsing, selectors
from .models import SpendingFile, SpendingLine
from .redaction import rules as redaction_rules

BATCH = 2000  # lines written at a time
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


def _check_file(body: Body, month: date, name: str, data: bytes) -> str:
    if not data:
        raise ValidationError({"file": "The file is empty: choose the month's export from the finance system."})
    if len(data) > selectors.upload_max_bytes():
        raise ValidationError({"file": f"The file is larger than {selectors.upload_max_bytes() // (1024 * 1024)} MB."})
    sha256 = hashlib.sha256(data).hexdigest()
    _refuse_duplicates(body, month, sha256, name)
    try:
        parsing.read_table(name, data)
    except parsing.FileProblem as exc:
        raise ValidationError({"file": str(exc)}) from None
    return sha256


def spending_upload_stage(*, body: Body, month: date, name: str, data: bytes, user: User) -> str:
    """Keep an upload until its mapping is confirmed; returns the token that names it. Nothing is
    imported yet: a file that cannot be read, or is a duplicate, is refused here."""
    require_role(user, body, EDIT_ROLES, "upload spending")
    month = _check_month(month)
    sha256 = _check_file(body, month, name, data)
    token = secrets.token_hex(16)
    base = selectors.staged_path(body, token)
    default_storage.save(f"{base}.data", ContentFile(data))
    meta = {"name": name[:255], "month": month.isoformat(), "sha256": sha256, "user": user.pk}
    default_storage.save(f"{base}.json", ContentFile(json.dumps(meta).encode()))
    return token


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


@transaction.atomic
def _import(
    *, body: Body, month: date, name: str, data: bytes, mapping: dict[str, int | None], user: User
) -> SpendingFile:
    sha256 = _check_file(body, month, name, data)
    table = parsing.read_table(name, data)
    if problems := parsing.mapping_problems(mapping, table.headers):
        raise ValidationError(problems)
    rules = redaction_rules()
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
    problems: list[parsing.RowProblem] = []
    problem_count = 0
    batch: list[SpendingLine] = []
    count = skipped = redacted = 0
    total = Decimal(0)
    try:
        for number, cells in table.rows:
            row = parsing.parse_row(number, cells, mapping=mapping, headers=table.headers, month=month, rules=rules)
            if row is None:
                continue
            if row.problems:
                problem_count += len(row.problems)
                problems.extend(row.problems[: max(0, MAX_PROBLEMS - len(problems))])
                continue
            if row.skipped:
                skipped += 1
                continue
            count += 1
            total += row.values["amount"]
            redacted += row.values["is_redacted"]
            if problem_count:
                continue  # nothing will be saved: only look for more problems
            batch.append(SpendingLine(file=spending, body=body, row_number=number, **row.values))
            if len(batch) >= BATCH:
                SpendingLine.objects.bulk_create(batch)
                batch = []
    except parsing.FileProblem as exc:
        raise ValidationError({"file": str(exc)}) from None
    if problem_count:
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
    SpendingLine.objects.bulk_create(batch)
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
