"""What publishing a reporting round freezes: the snapshot of the plan as reported, and each
priority's rolled-up status. Pure functions of records already loaded, so the service that
publishes a round and the bulk data generator build exactly the same snapshot."""

from __future__ import annotations

from .models import DeliveryStatus, Plan, Priority, PriorityStatus, ReportingRound, Theme, Update


def _status_dict(status: DeliveryStatus | None) -> dict | None:
    if status is None:
        return None
    return {"code": status.code, "label": status.label, "colour": status.colour, "meaning": status.meaning}


def round_snapshot(
    *,
    plan: Plan,
    rnd: ReportingRound,
    themes: list[Theme],
    priorities: list[Priority],
    key: list[DeliveryStatus],
    latest: dict[int, Update],
    when,
) -> tuple[dict, list[PriorityStatus]]:
    """What publishing a round freezes: the snapshot's data and each priority's rolled-up
    status, from the latest update per activity (``latest``, activity id -> update, with
    ``round`` and ``status`` loaded). Pure, so bulk loaders build the same snapshot."""
    statuses_rows: list[PriorityStatus] = []
    data_themes = []
    for theme in themes:
        data_priorities = []
        for priority in [p for p in priorities if p.theme_id == theme.pk]:
            activity_rows = []
            rolled: DeliveryStatus | None = None
            updated_now = False
            for activity in priority.activities.all():
                update = latest.get(activity.pk)
                status = update.status if update else None
                if update and update.round_id == rnd.pk:
                    updated_now = True
                if status and (rolled is None or status.rollup_rank > rolled.rollup_rank):
                    rolled = status
                activity_rows.append(
                    {
                        "code": activity.code,
                        "key_delivery": activity.key_delivery,
                        "wider_partnership": activity.wider_partnership,
                        "status": _status_dict(status),
                        "narrative": update.narrative if update else "",
                        "reported_in": update.round.name if update else None,
                    }
                )
            statuses_rows.append(
                PriorityStatus(round=rnd, priority=priority, status=rolled, updated_in_round=updated_now)
            )
            data_priorities.append(
                {
                    "code": priority.code,
                    "text": priority.text,
                    "opcc_lead": str(priority.opcc_lead) if priority.opcc_lead else "",
                    "delivery_leads": [o.name for o in priority.delivery_leads.all()],
                    "notes": priority.notes,
                    "status": _status_dict(rolled),
                    "activities": activity_rows,
                }
            )
        data_themes.append({"code": theme.code, "name": theme.name, "aim": theme.aim, "priorities": data_priorities})

    data = {
        "plan": {"title": plan.title, "slug": plan.slug},
        "round": {
            "name": rnd.name,
            "period_start": rnd.period_start.isoformat(),
            "period_end": rnd.period_end.isoformat(),
            "reported_to": rnd.reported_to,
            "published_at": when.isoformat(),
        },
        "status_key": [_status_dict(s) for s in key],
        "themes": data_themes,
    }
    return data, statuses_rows
