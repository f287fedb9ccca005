"""How published spending becomes search entries: one entry per published MONTH (not per line:
two million lines nationally would swamp the index, and a line alone says little). The entry's
text is the month's suppliers and expense types as the public sees them; a person paid is never
named (redacted lines add only their expense type)."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse

from openpcc.core.registry import Searchable, register_searchable
from openpcc.search.bulk import Row, grouped, plain, register_bulk, url_filler
from openpcc.search.index import join

from . import selectors
from .models import SpendingFile, SpendingLine


def month_entry(f: SpendingFile) -> dict:
    suppliers, types = selectors.search_text(f)
    return {
        "body_id": f.body_id,
        "title": f"Spending over £500: {f.month:%B %Y}",
        "text": _month_text(f.row_count, f.total, suppliers, types),
        "url": reverse("spending:month", args=[f.body.slug, *f.url_args]),
        "date": f.month,
    }


def _month_text(row_count: int, total, suppliers: list[str], types: list[str]) -> str:
    return join(
        f"{row_count} items of expenditure over £500, totalling £{total:,}.",
        "Suppliers: " + "; ".join(suppliers) if suppliers else "",
        "Expense types: " + "; ".join(types) if types else "",
    )


def month_rows(qs) -> Iterator[Row]:
    """month_entry for many months at once (search.bulk): the suppliers and expense types of all
    of them in two queries, each month's in the order ``selectors.search_text`` gives."""
    url = url_filler("spending:month", "zq-body", "9876", "54")
    rows = list(plain(qs).values_list("pk", "body_id", "month", "row_count", "total", "body__slug"))
    lines = SpendingLine.objects.filter(file_id__in=[r[0] for r in rows])
    suppliers = grouped(
        lines.filter(is_redacted=False).order_by("file_id", "public_supplier").distinct(),
        "file_id",
        "public_supplier",
    )
    types = grouped(
        lines.exclude(expense_type="").order_by("file_id", "expense_type").distinct(), "file_id", "expense_type"
    )
    for pk, body_id, month, row_count, total, slug in rows:
        text = _month_text(row_count, total, suppliers.get(pk, []), types.get(pk, []))
        yield pk, body_id, f"Spending over £500: {month:%B %Y}", text, url(slug, f"{month:%Y}", f"{month:%m}"), month


def register() -> None:
    register_bulk("spending", month_rows)
    register_searchable(
        Searchable(
            "spending",
            "Spending",
            lambda: SpendingFile.objects.published().select_related("body"),
            month_entry,
            {SpendingFile: lambda o: [o.pk]},
        )
    )
