"""Reads for the public home pages: bodies hosted and their latest publications."""

from __future__ import annotations

from django.db.models import Prefetch

from openpcc.core.models import Body
from openpcc.core.selectors import bodies_public_list
from openpcc.plans.models import Plan, ReportingRound


def home_entries() -> list[dict]:
    """Each active body with its current published plan and latest published round."""
    bodies = list(
        bodies_public_list().prefetch_related(
            Prefetch("plans", queryset=Plan.objects.published().order_by("-period_start"), to_attr="public_plans")
        )
    )
    plan_ids = [b.public_plans[0].pk for b in bodies if b.public_plans]
    latest: dict[int, ReportingRound] = {}
    for rnd in ReportingRound.objects.published().filter(plan_id__in=plan_ids).order_by("period_end", "id"):
        latest[rnd.plan_id] = rnd
    entries = []
    for body in bodies:
        plan = body.public_plans[0] if body.public_plans else None
        entries.append({"body": body, "plan": plan, "round": latest.get(plan.pk) if plan else None})
    return entries


def body_overview(*, body: Body) -> dict:
    from openpcc.meetings.models import Meeting

    plan = Plan.objects.for_body(body).published().order_by("-period_start").first()
    rounds = list(ReportingRound.objects.published().filter(plan=plan).order_by("-period_end")[:5]) if plan else []
    meetings = list(Meeting.objects.for_body(body).published().select_related("committee").order_by("-date")[:5])
    return {"plan": plan, "recent_rounds": rounds, "recent_meetings": meetings}
