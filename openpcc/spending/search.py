"""How published spending becomes search entries: one entry per published MONTH (not per line:
two million lines nationally would swamp the index, and a line alone says little). The entry's
text is the month's suppliers and expense types as the public sees them; a person paid is never
named (redacted lines add only their expense type)."""

from __future__ import annotations

from django.urls import reverse

from openpcc.core.registry import Searchable, register_searchable
from openpcc.search.index import join

from . import selectors
from .models import SpendingFile


def month_entry(f: SpendingFile) -> dict:
    suppliers, types = selectors.search_text(f)
    return {
        "body_id": f.body_id,
        "title": f"Spending over £500: {f.month:%B %Y}",
        "text": join(
            f"{f.row_count} items of expenditure over £500, totalling £{f.total:,}.",
            "Suppliers: " + "; ".join(suppliers) if suppliers else "",
            "Expense types: " + "; ".join(types) if types else "",
        ),
        "url": reverse("spending:month", args=[f.body.slug, *f.url_args]),
        "date": f.month,
    }


def register() -> None:
    register_searchable(
        Searchable(
            "spending",
            "Spending",
            lambda: SpendingFile.objects.published().select_related("body"),
            month_entry,
            {SpendingFile: lambda o: [o.pk]},
        )
    )
