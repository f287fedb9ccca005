"""Public plan pages: the delivery table, one priority, published rounds, and open data."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from openpcc.core.exports import csv_response
from openpcc.core.golden_thread import priority_links
from openpcc.core.navigation import body_page_context
from openpcc.core.params import public_page
from openpcc.core.selectors import body_public_get

from . import selectors
from .models import Plan

FILTERS = ("theme", "status", "lead")


def _plan_or_404(body) -> Plan:
    plan = selectors.plan_current_get(body=body)
    if plan is None:
        raise Http404(f"{body.display_name} has not published a plan.")
    return plan


@public_page(*FILTERS)
def plan_page(request: HttpRequest, body_slug: str) -> HttpResponse:
    body = body_public_get(slug=body_slug)
    plan = selectors.plan_current_get(body=body)
    if plan is None:
        return render(request, "plans/no_plan.html", body_page_context(body, "plan"), status=404)
    filters = {k: request.params[k] for k in FILTERS}
    table = selectors.plan_table_get(plan=plan, **filters)
    return render(
        request,
        "plans/plan.html",
        body_page_context(body, "plan", plan=plan, table=table, filters=filters, filtered=any(filters.values())),
    )


@public_page("page")
def priority_page(request: HttpRequest, body_slug: str, code: str) -> HttpResponse:
    body = body_public_get(slug=body_slug)
    detail = selectors.priority_public_get(plan=_plan_or_404(body), code=code, page=request.params["page"])
    links = priority_links(detail.priority, public=True)
    return render(
        request, "plans/priority.html", body_page_context(body, "plan", detail=detail, plan=detail.plan, links=links)
    )


@public_page()
def rounds_page(request: HttpRequest, body_slug: str) -> HttpResponse:
    body = body_public_get(slug=body_slug)
    plan = _plan_or_404(body)
    return render(
        request,
        "plans/rounds.html",
        body_page_context(body, "plan", plan=plan, rounds=list(selectors.round_public_list(plan=plan))),
    )


@public_page()
def round_page(request: HttpRequest, body_slug: str, slug: str) -> HttpResponse:
    body = body_public_get(slug=body_slug)
    plan = _plan_or_404(body)
    rnd = selectors.round_public_get(plan=plan, slug=slug)
    return render(
        request, "plans/round.html", body_page_context(body, "plan", plan=plan, round=rnd, snapshot=rnd.snapshot.data)
    )


CSV_COLUMNS = [
    "plan",
    "theme_code",
    "theme",
    "priority_code",
    "priority",
    "opcc_lead",
    "delivery_leads",
    "status",
    "status_label",
    "status_round",
    "status_published_at",
]


def _rows(table: selectors.PlanTable) -> list[dict]:
    rows = []
    for block in table.themes:
        for row in block.rows:
            p = row.priority
            rows.append(
                {
                    "plan": table.plan.title,
                    "theme_code": block.theme.code,
                    "theme": block.theme.name,
                    "priority_code": p.code,
                    "priority": p.text,
                    "opcc_lead": str(p.opcc_lead) if p.opcc_lead else "",
                    "delivery_leads": [o.name for o in p.delivery_leads.all()],
                    "status": row.status.code if row.status else "",
                    "status_label": row.status.label if row.status else "",
                    "status_round": table.round.name if table.round and row.status else "",
                    "status_published_at": table.round.published_at.isoformat() if table.round and row.status else "",
                }
            )
    return rows


@public_page(*FILTERS)
def plan_csv(request: HttpRequest, body_slug: str) -> HttpResponse:
    body = body_public_get(slug=body_slug)
    table = selectors.plan_table_get(plan=_plan_or_404(body), **{k: request.params[k] for k in FILTERS})
    return csv_response(filename=f"{body.slug}-plan.csv", columns=CSV_COLUMNS, rows=_rows(table))


@public_page(*FILTERS)
def plan_json(request: HttpRequest, body_slug: str) -> JsonResponse:
    body = body_public_get(slug=body_slug)
    plan = _plan_or_404(body)
    table = selectors.plan_table_get(plan=plan, **{k: request.params[k] for k in FILTERS})
    data = {
        "body": {"slug": body.slug, "name": body.name},
        "plan": {
            "title": plan.title,
            "period_start": plan.period_start.isoformat(),
            "period_end": plan.period_end.isoformat(),
            "effective_date": plan.effective_date.isoformat() if plan.effective_date else None,
            "panel_endorsed_date": plan.panel_endorsed_date.isoformat() if plan.panel_endorsed_date else None,
        },
        "round": (
            {"name": table.round.name, "published_at": table.round.published_at.isoformat()} if table.round else None
        ),
        "status_key": [
            {"code": s.code, "colour": s.colour, "label": s.label, "meaning": s.meaning} for s in table.status_key
        ],
        "themes": [{"code": b.theme.code, "name": b.theme.name, "aim": b.theme.aim} for b in table.themes],
        "priorities": _rows(table),
        "chapters": [
            {
                "title": c.title,
                "objectives": [
                    {
                        "number": o.number,
                        "title": o.title,
                        "commitments": [
                            {
                                "we_said": m.we_said,
                                "we_did": m.we_did,
                                "reported_date": m.reported_date.isoformat() if m.reported_date else None,
                            }
                            for m in o.commitments.all()
                        ],
                    }
                    for o in c.objectives.all()
                ],
            }
            for c in table.chapters
        ],
    }
    return JsonResponse(data, json_dumps_params={"indent": 2, "ensure_ascii": False})
