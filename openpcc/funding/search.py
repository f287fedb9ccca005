"""How published grants and commissioned services become public search entries. A recipient who
is an individual is never named: the entry says "an individual"."""

from __future__ import annotations

from django.urls import reverse

from openpcc.core.registry import Searchable, register_searchable
from openpcc.search.index import join

from .models import CommissionedService, Fund, Grant, GrantVariation, Recipient, pounds


def grant_entry(g: Grant) -> dict:
    return {
        "body_id": g.body_id,
        "title": f"Grant: {g.title}",
        "text": join(
            f"{pounds(g.amount)} from the {g.fund} to {g.recipient.public_label}.",
            g.purpose,
            g.conditions,
            *(f"Varied: {v.what_changed}. {v.reason}" for v in g.variations.all()),
        ),
        "url": reverse("funding:detail", args=[g.body.slug, g.pk]),
        "date": g.awarded_on or g.start_date,
    }


def service_entry(s: CommissionedService) -> dict:
    return {
        "body_id": s.body_id,
        "title": f"Commissioned service: {s.name}",
        "text": join(f"{pounds(s.value)}, provided by {s.provider.public_label}.", s.description),
        "url": reverse("funding:services", args=[s.body.slug]) + f"#service-{s.pk}",
        "date": s.start_date,
    }


def _ids(qs) -> list[int]:
    return list(qs.values_list("pk", flat=True))


def register() -> None:
    register_searchable(
        Searchable(
            "grant",
            "Grant",
            lambda: (
                Grant.objects.published().select_related("body", "fund", "recipient").prefetch_related("variations")
            ),
            grant_entry,
            {
                Grant: lambda o: [o.pk],
                GrantVariation: lambda o: [o.grant_id],
                Recipient: lambda o: _ids(o.grants.all()),
                Fund: lambda o: _ids(o.grants.all()),
            },
        )
    )
    register_searchable(
        Searchable(
            "service",
            "Commissioned service",
            lambda: CommissionedService.objects.published().select_related("body", "provider"),
            service_entry,
            {CommissionedService: lambda o: [o.pk], Recipient: lambda o: _ids(o.services.all())},
        )
    )
