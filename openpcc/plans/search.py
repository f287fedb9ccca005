"""How plan priorities and published delivery updates become public search entries."""

from __future__ import annotations

from django.urls import reverse

from openpcc.core.registry import Searchable, register_searchable
from openpcc.search.index import as_date, join

from .models import Activity, Plan, Priority, ReportingRound, Update


def priority_entry(p: Priority) -> dict:
    return {
        "body_id": p.plan.body_id,
        "title": f"{p.code}: {p.text}",
        "text": join(
            p.text,
            p.notes,
            *(f"{a.key_delivery}\n{a.wider_partnership}" for a in p.activities.all()),
            *(o.name for o in p.delivery_leads.all()),
        ),
        "url": reverse("plans:priority", args=[p.plan.body.slug, p.code]),
        "date": as_date(p.plan.published_at),
    }


def update_entry(u: Update) -> dict:
    p = u.activity.priority
    return {
        "body_id": u.round.plan.body_id,
        "title": f"{u.activity.code} update, {u.round.name}: {u.status.get_colour_display()} – {u.status.label}",
        "text": join(u.narrative),
        "url": reverse("plans:priority", args=[u.round.plan.body.slug, p.code]) + "#updates",
        "date": as_date(u.round.published_at),
    }


def _ids(qs) -> list[int]:
    return list(qs.values_list("pk", flat=True))


def register() -> None:
    register_searchable(
        Searchable(
            "priority",
            "Plan priority",
            lambda: (
                Priority.objects.published()
                .select_related("plan__body")
                .prefetch_related("activities", "delivery_leads")
            ),
            priority_entry,
            {
                Priority: lambda o: [o.pk],
                Activity: lambda o: [o.priority_id],
                Plan: lambda o: _ids(o.priorities.all()),
            },
        )
    )
    register_searchable(
        Searchable(
            "update",
            "Plan delivery update",
            lambda: Update.objects.published().select_related("round__plan__body", "activity__priority", "status"),
            update_entry,
            {
                Update: lambda o: [o.pk],
                ReportingRound: lambda o: _ids(o.updates.all()),
                Plan: lambda o: _ids(Update.objects.filter(round__plan=o)),
            },
        )
    )
