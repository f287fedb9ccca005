"""How plan priorities and published delivery updates become public search entries."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse

from openpcc.core.registry import Searchable, register_searchable
from openpcc.search.bulk import Row, grouped, plain, register_bulk, url_filler
from openpcc.search.index import as_date, join

from .models import Activity, DeliveryStatus, Plan, Priority, ReportingRound, Update


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


def priority_rows(qs) -> Iterator[Row]:
    """priority_entry for many priorities at once (search.bulk)."""
    url = url_filler("plans:priority", "zq-body", "ZQXJ987")
    rows = list(
        plain(qs).values_list("pk", "plan__body_id", "code", "text", "notes", "plan__body__slug", "plan__published_at")
    )
    ids = [r[0] for r in rows]
    activities = grouped(
        Activity.objects.filter(priority_id__in=ids), "priority_id", "key_delivery", "wider_partnership"
    )
    leads = grouped(
        Priority.delivery_leads.through.objects.filter(priority_id__in=ids).order_by(
            *(f"organisation__{f}" for f in Priority.delivery_leads.field.related_model._meta.ordering)
        ),
        "priority_id",
        "organisation__name",
    )
    for pk, body_id, code, text, notes, slug, published_at in rows:
        entry_text = join(
            text,
            notes,
            *(f"{key_delivery}\n{wider}" for key_delivery, wider in activities.get(pk, ())),
            *leads.get(pk, ()),
        )
        yield pk, body_id, f"{code}: {text}", entry_text, url(slug, code), as_date(published_at)


def update_rows(qs) -> Iterator[Row]:
    """update_entry for many delivery updates at once (search.bulk): their rounds, activities
    and statuses (a few for many updates) read once each per chunk."""
    url = url_filler("plans:priority", "zq-body", "ZQXJ987")
    colours = dict(DeliveryStatus._meta.get_field("colour").flatchoices)
    rows = list(plain(qs).values_list("pk", "round_id", "activity_id", "status_id", "narrative"))
    rounds = {
        pk: (body_id, name, slug, as_date(published_at))
        for pk, body_id, name, slug, published_at in ReportingRound.objects.filter(
            pk__in={r[1] for r in rows}
        ).values_list("pk", "plan__body_id", "name", "plan__body__slug", "published_at")
    }
    activities = {
        pk: (code, priority)
        for pk, code, priority in Activity.objects.filter(pk__in={r[2] for r in rows}).values_list(
            "pk", "code", "priority__code"
        )
    }
    statuses = {
        pk: f"{colours.get(colour, colour)} – {label}"
        for pk, colour, label in DeliveryStatus.objects.filter(pk__in={r[3] for r in rows}).values_list(
            "pk", "colour", "label"
        )
    }
    urls: dict[tuple[str, str], str] = {}
    for pk, round_id, activity_id, status_id, narrative in rows:
        body_id, round_name, slug, day = rounds[round_id]
        code, priority = activities[activity_id]
        if (slug, priority) not in urls:
            urls[slug, priority] = url(slug, priority) + "#updates"
        title = f"{code} update, {round_name}: {statuses[status_id]}"
        yield pk, body_id, title, join(narrative), urls[slug, priority], day


def _ids(qs) -> list[int]:
    return list(qs.values_list("pk", flat=True))


def register() -> None:
    register_bulk("priority", priority_rows)
    register_bulk("update", update_rows)
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
