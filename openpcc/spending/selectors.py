"""Reads for spending over £500, each with a fixed number of queries. Public reads take only
the public columns of a line (``PUBLIC_FIELDS``): the name of a person paid never leaves the
database for a public page, export, feed or search entry."""

from __future__ import annotations

import contextlib
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.db.models import Count, Sum
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from openpcc.core.models import Body
from openpcc.core.paging import Paging, paging
from openpcc.core.registry import FeedEntry

from .models import SpendingFile, SpendingLine

PUBLIC_FIELDS = (
    "id",
    "date",
    "public_supplier",
    "expense_type",
    "service_area",
    "public_description",
    "amount",
    "transaction_reference",
    "is_redacted",
    "redaction_reason",
)
# Redacted lines sort by their label ("Redacted: personal data"), never by the name withheld;
# ties go by date and amount, which are public.
SORTS = {
    "date": ("date", "id"),
    "date_desc": ("-date", "-id"),
    "amount": ("-amount", "date", "id"),
    "amount_asc": ("amount", "date", "id"),
    "supplier": ("public_supplier", "date", "amount", "id"),
}
SORT_LABELS = [
    ("date", "Date, earliest first"),
    ("date_desc", "Date, latest first"),
    ("amount", "Largest amount first"),
    ("amount_asc", "Smallest amount first"),
    ("supplier", "Supplier, A to Z"),
]
FILE_FIELDS = (
    "id",
    "body_id",
    "month",
    "row_count",
    "redacted_count",
    "total",
    "published_at",
    "publication_status",
)


# --- public ---------------------------------------------------------------------------------------


def month_public_list(*, body: Body) -> list[SpendingFile]:
    """The body's published months, newest first, with their totals and line counts."""
    return list(SpendingFile.objects.for_body(body).published().only(*FILE_FIELDS).order_by("-month"))


def month_public_get(*, body: Body, year: int, month: int) -> SpendingFile:
    try:
        first = date(year, month, 1)
    except (ValueError, OverflowError):
        raise Http404("No such month.") from None
    found = SpendingFile.objects.for_body(body).published().only(*FILE_FIELDS).filter(month=first).first()
    if found is None:
        raise Http404("No spending is published for that month.")
    return found


@dataclass
class MonthLines:
    lines: list[dict[str, Any]]
    total: int  # lines matching the filters
    amount: Decimal  # their total
    expense_types: list[str]
    filters: dict[str, str]
    paging: Paging | None = None
    sorts: list[tuple[str, str]] = field(default_factory=lambda: SORT_LABELS)


def line_public_list(
    *, file: SpendingFile, supplier: str = "", expense_type: str = "", sort: str = "date", page: str | None = None
) -> MonthLines:
    """A published month's lines (public columns only), filtered, sorted and paged in the database;
    every line when ``page`` is None (the exports)."""
    base = SpendingLine.objects.filter(file=file)
    expense_types = list(
        base.exclude(expense_type="").order_by("expense_type").values_list("expense_type", flat=True).distinct()
    )
    qs = base
    if supplier:
        qs = qs.filter(public_supplier__icontains=supplier)
    if expense_type:
        qs = qs.filter(expense_type=expense_type)
    sort = sort if sort in SORTS else "date"
    summary = qs.aggregate(n=Count("id"), amount=Sum("amount"))
    qs = qs.order_by(*SORTS[sort]).values(*PUBLIC_FIELDS)
    pages = paging(summary["n"], page) if page is not None else None
    lines = list(qs[pages.start : pages.end]) if pages else list(qs.iterator(chunk_size=2000))
    return MonthLines(
        lines=lines,
        total=summary["n"],
        amount=(summary["amount"] or Decimal(0)).quantize(Decimal("0.01")),
        expense_types=expense_types,
        filters={"supplier": supplier, "expense_type": expense_type, "sort": sort},
        paging=pages,
    )


def line_public_iter(*, file: SpendingFile, supplier: str = "", expense_type: str = "", sort: str = "date"):
    """Every line of a published month, public columns only, streamed (CSV)."""
    qs = SpendingLine.objects.filter(file=file)
    if supplier:
        qs = qs.filter(public_supplier__icontains=supplier)
    if expense_type:
        qs = qs.filter(expense_type=expense_type)
    return qs.order_by(*SORTS.get(sort, SORTS["date"])).values(*PUBLIC_FIELDS).iterator(chunk_size=2000)


def body_home_section(*, body: Body) -> dict | None:
    """A body's home page: its latest published month's total (core.registry)."""
    latest = SpendingFile.objects.for_body(body).published().only(*FILE_FIELDS).order_by("-month").first()
    return {"latest": latest} if latest else None


def feed_entries(*, body: Body, limit: int = 50) -> list[FeedEntry]:
    """A body's feed: each month of spending as it is published."""
    files = SpendingFile.objects.for_body(body).published().only(*FILE_FIELDS).order_by("-published_at")[:limit]
    return [
        FeedEntry(
            f"Spending over £500: {f.month:%B %Y}",
            reverse("spending:month", args=[body.slug, *f.url_args]),
            f.published_at,
            f"{f.row_count} item{'s' if f.row_count != 1 else ''} of expenditure over £500, totalling £{f.total:,}.",
            "spending",
        )
        for f in files
    ]


def search_text(file: SpendingFile) -> tuple[list[str], list[str]]:
    """A published month's suppliers and expense types, as the public sees them (search)."""
    lines = SpendingLine.objects.filter(file=file)
    suppliers = list(
        lines.filter(is_redacted=False).order_by("public_supplier").values_list("public_supplier", flat=True).distinct()
    )
    types = list(
        lines.exclude(expense_type="").order_by("expense_type").values_list("expense_type", flat=True).distinct()
    )
    return suppliers, types


# --- staff ----------------------------------------------------------------------------------------


def file_staff_list(*, body: Body) -> list[SpendingFile]:
    return list(SpendingFile.objects.for_body(body).select_related("uploaded_by").order_by("-month"))


def file_staff_get(*, body: Body, pk: int) -> SpendingFile:
    found = SpendingFile.objects.for_body(body).select_related("uploaded_by", "body").filter(pk=pk).first()
    if found is None:
        raise Http404("No such spending import at this body.")
    return found


def line_staff_list(*, file: SpendingFile, page: str | None, redacted_only: bool = False) -> tuple[list, Paging]:
    qs = SpendingLine.objects.filter(file=file)
    if redacted_only:
        qs = qs.filter(is_redacted=True)
    pages = paging(qs.count(), page)
    return list(qs.order_by("row_number")[pages.start : pages.end]), pages


# --- staged uploads (kept in the file storage until the mapping is confirmed) ---------------------

DEFAULT_MAX_BYTES = 50 * 1024 * 1024


def upload_max_bytes() -> int:
    """The largest export accepted (``settings.OPENPCC_SPENDING_MAX_BYTES``)."""
    return int(getattr(settings, "OPENPCC_SPENDING_MAX_BYTES", DEFAULT_MAX_BYTES))


TOKEN = re.compile(r"^[0-9a-f]{32}$")
STAGED_HOURS = 24  # an upload whose mapping is not confirmed within a day is removed
STAGED_ROOT = "spending-staged"


def staged_path(body: Body, token: str) -> str:
    return f"{STAGED_ROOT}/{body.pk}/{token}"


@dataclass
class Staged:
    token: str
    name: str
    month: date
    sha256: str
    data: bytes


def _staged_at(meta: dict) -> datetime | None:
    try:
        return datetime.fromisoformat(meta["staged_at"])
    except (KeyError, TypeError, ValueError):
        return None


def staged_is_stale(meta: dict, now: datetime) -> bool:
    staged_at = _staged_at(meta)
    return staged_at is None or now - staged_at > timedelta(hours=STAGED_HOURS)


def staged_upload_get(*, body: Body, token: str) -> Staged:
    """An upload waiting for its mapping, at this body only (another body's token is not found)."""
    if not TOKEN.match(token or ""):
        raise Http404("No such upload.")
    base = staged_path(body, token)
    try:
        with default_storage.open(f"{base}.json") as f:
            meta = json.loads(f.read())
        with default_storage.open(f"{base}.data") as f:
            data = f.read()
    except (FileNotFoundError, OSError, ValueError):
        raise Http404("This upload is no longer waiting: it was imported or has expired. Upload it again.") from None
    if staged_is_stale(meta, timezone.now()):
        raise Http404(
            f"This upload has expired (uploads wait {STAGED_HOURS} hours for their columns to be confirmed). "
            "Upload it again."
        )
    return Staged(
        token=token, name=meta["name"], month=date.fromisoformat(meta["month"]), sha256=meta["sha256"], data=data
    )


def staged_stale_list(*, now: datetime, body_pk: int | None = None) -> list[tuple[int, str]]:
    """The uploads older than a day (or unreadable), as (body pk, token): every body's, or one's."""
    stale: list[tuple[int, str]] = []
    try:
        bodies = [str(body_pk)] if body_pk is not None else default_storage.listdir(STAGED_ROOT)[0]
    except (FileNotFoundError, OSError):
        return stale
    for folder in bodies:
        if not folder.isdigit():
            continue
        try:
            names = default_storage.listdir(f"{STAGED_ROOT}/{folder}")[1]
        except (FileNotFoundError, OSError):
            continue
        for token in sorted({name.split(".", 1)[0] for name in names}):
            if not TOKEN.match(token):
                continue
            try:
                with default_storage.open(f"{STAGED_ROOT}/{folder}/{token}.json") as f:
                    meta = json.loads(f.read())
            except (FileNotFoundError, OSError, ValueError):
                meta = {}
            if staged_is_stale(meta, now):
                stale.append((int(folder), token))
    return stale


def staged_delete(body: Body | int, token: str) -> None:
    base = f"{STAGED_ROOT}/{getattr(body, 'pk', body)}/{token}"
    for suffix in (".json", ".data"):
        with contextlib.suppress(OSError):
            default_storage.delete(base + suffix)
