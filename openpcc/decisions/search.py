"""How published decision records become public search entries (never their withheld parts)."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse

from openpcc.core.registry import Searchable, register_searchable
from openpcc.search.bulk import Row, plain, register_bulk, url_filler
from openpcc.search.index import join

from .models import Amendment, Decision

TEXT_PARTS = ("decision", "reasons", "options_considered", "financial_implications", "legal_implications")


def decision_entry(d: Decision) -> dict:
    return {
        "body_id": d.body_id,
        "title": f"{d.reference}: {d.subject}",
        "text": join(*(getattr(d, f) for f in TEXT_PARTS if not d.is_withheld(f))),
        "url": reverse("decisions:detail", args=[d.body.slug, d.reference_slug]),
        "date": d.decision_date,
    }


def decision_rows(qs) -> Iterator[Row]:
    """decision_entry for many decisions at once (search.bulk)."""
    url = url_filler("decisions:detail", "zq-body", "zq-decision")
    fields = ("pk", "body_id", "reference", "subject", *TEXT_PARTS, "exempt_parts", "body__slug", "reference_slug")
    for pk, body_id, reference, subject, *parts, exempt, slug, reference_slug, day in plain(qs).values_list(
        *fields, "decision_date"
    ):
        withheld = exempt or []
        text = join(*(p for f, p in zip(TEXT_PARTS, parts, strict=True) if f not in withheld))
        yield pk, body_id, f"{reference}: {subject}", text, url(slug, reference_slug), day


def register() -> None:
    register_bulk("decision", decision_rows)
    register_searchable(
        Searchable(
            "decision",
            "Decision",
            lambda: Decision.objects.published().select_related("body"),
            decision_entry,
            {Decision: lambda o: [o.pk], Amendment: lambda o: [o.decision_id]},
        )
    )
