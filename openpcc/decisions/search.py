"""How published decision records become public search entries (never their withheld parts)."""

from __future__ import annotations

from django.urls import reverse

from openpcc.core.registry import Searchable, register_searchable
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


def register() -> None:
    register_searchable(
        Searchable(
            "decision",
            "Decision",
            lambda: Decision.objects.published().select_related("body"),
            decision_entry,
            {Decision: lambda o: [o.pk], Amendment: lambda o: [o.decision_id]},
        )
    )
