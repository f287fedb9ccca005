"""How published grants and commissioned services become public search entries. A recipient who
is an individual is never named: the entry says "an individual"."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse

from openpcc.core.registry import Searchable, register_searchable
from openpcc.search.bulk import Row, grouped, plain, register_bulk, url_filler
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


def _label(kind: str, name: str) -> str:
    """Recipient.public_label from its values."""
    return Recipient.INDIVIDUAL_LABEL if kind == Recipient.Kind.INDIVIDUAL else name


def grant_rows(qs) -> Iterator[Row]:
    """grant_entry for many grants at once (search.bulk)."""
    url = url_filler("funding:detail", "zq-body", "918273645546372819")
    rows = list(
        plain(qs).values_list(
            "pk", "body_id", "title", "amount", "fund__name", "fund__financial_year", "recipient__kind",
            "recipient__name", "purpose", "conditions", "body__slug", "awarded_on", "start_date",
        )
    )  # fmt: skip
    variations = grouped(
        GrantVariation.objects.filter(grant_id__in=[r[0] for r in rows]), "grant_id", "what_changed", "reason"
    )
    for pk, body_id, title, amount, fund, year, kind, name, purpose, conditions, slug, awarded, start in rows:
        text = join(
            f"{pounds(amount)} from the {fund} {year} to {_label(kind, name)}.",
            purpose,
            conditions,
            *(f"Varied: {what}. {reason}" for what, reason in variations.get(pk, ())),
        )
        yield pk, body_id, f"Grant: {title}", text, url(slug, pk), awarded or start


def service_rows(qs) -> Iterator[Row]:
    """service_entry for many services at once (search.bulk)."""
    url = url_filler("funding:services", "zq-body")
    for pk, body_id, name, value, kind, provider, description, slug, start in plain(qs).values_list(
        "pk", "body_id", "name", "value", "provider__kind", "provider__name", "description", "body__slug", "start_date"
    ):
        text = join(f"{pounds(value)}, provided by {_label(kind, provider)}.", description)
        yield pk, body_id, f"Commissioned service: {name}", text, url(slug) + f"#service-{pk}", start


def _ids(qs) -> list[int]:
    return list(qs.values_list("pk", flat=True))


def register() -> None:
    register_bulk("grant", grant_rows)
    register_bulk("service", service_rows)
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
