"""Public decision register: the list with filters and sorting, one record, CSV/JSON,
an Atom feed of new decisions, and the forward list."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from openpcc.core.exports import csv_response
from openpcc.core.navigation import body_page_context
from openpcc.core.paging import query_without_page
from openpcc.core.params import public_page
from openpcc.core.selectors import body_public_get

from . import selectors
from .models import Decision

FILTERS = ("year", "category", "maker", "amount_min", "amount_max", "sort")


def _register(request: HttpRequest, body, page: str | None = None) -> selectors.Register:
    return selectors.decision_public_list(body=body, page=page, **{k: request.params[k] for k in FILTERS})


@public_page(*FILTERS, "page")
def decision_list(request: HttpRequest, body_slug: str) -> HttpResponse:
    body = body_public_get(slug=body_slug)
    register = _register(request, body, page=request.params["page"])
    return render(
        request,
        "decisions/list.html",
        body_page_context(
            body,
            "decisions",
            register=register,
            categories=Decision.Category.choices,
            makers=Decision.Maker.choices,
            forward=selectors.forward_decision_list(body=body),
            query=query_without_page(request),
        ),
    )


@public_page()
def decision_detail(request: HttpRequest, body_slug: str, slug: str) -> HttpResponse:
    body = body_public_get(slug=body_slug)
    decision = selectors.decision_public_get(body=body, slug=slug)
    return render(request, "decisions/detail.html", body_page_context(body, "decisions", d=decision))


CSV_COLUMNS = [
    "reference",
    "date",
    "date_reason",
    "subject",
    "decision",
    "reasons",
    "amount",
    "amount_note",
    "category",
    "decision_maker",
    "withheld",
    "withheld_reason",
    "published_at",
    "url",
]


def _public_value(d: Decision, part: str):
    if d.is_withheld(part):
        return None
    value = getattr(d, part)
    return str(value) if part == "amount" and value is not None else value


def _rows(request: HttpRequest, decisions: list[Decision]) -> list[dict]:
    """A decision's open data: the same fields and values in CSV and JSON (the address absolute in both)."""
    return [
        {
            "reference": d.reference,
            "date": d.decision_date.isoformat() if d.decision_date else None,
            "date_reason": d.date_reason,
            "subject": d.subject,
            "decision": _public_value(d, "decision"),
            "reasons": _public_value(d, "reasons"),
            "amount": _public_value(d, "amount"),
            "amount_note": d.amount_note,
            "category": d.get_category_display(),
            "decision_maker": d.get_decision_maker_display(),
            "withheld": list(d.exempt_parts),
            "withheld_reason": d.withheld_reason if d.exempt_parts else "",
            "published_at": d.published_at.isoformat() if d.published_at else None,
            "url": request.build_absolute_uri(reverse("decisions:detail", args=[d.body.slug, d.reference_slug])),
        }
        for d in decisions
    ]


@public_page(*FILTERS)
def decisions_csv(request: HttpRequest, body_slug: str) -> HttpResponse:
    body = body_public_get(slug=body_slug)
    rows = _rows(request, _register(request, body).decisions)
    return csv_response(filename=f"{body.slug}-decisions.csv", columns=CSV_COLUMNS, rows=rows)


@public_page(*FILTERS)
def decisions_json(request: HttpRequest, body_slug: str) -> JsonResponse:
    body = body_public_get(slug=body_slug)
    register = _register(request, body)
    return JsonResponse(
        {
            "body": {"slug": body.slug, "name": body.name},
            "count": register.total,
            "decisions": _rows(request, register.decisions),
        },
        json_dumps_params={"indent": 2, "ensure_ascii": False},
    )


class DecisionFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, body_slug):
        return body_public_get(slug=body_slug)

    def title(self, body):
        return f"{body.name}: decisions"

    def link(self, body):
        return reverse("decisions:list", args=[body.slug])

    def subtitle(self, body):
        return f"Decision records published by {body.name}."

    def items(self, body):
        return selectors.decision_feed_list(body=body)

    def item_title(self, d):
        return f"{d.reference}: {d.subject}"

    def item_description(self, d):
        return "Withheld: " + d.withheld_reason if d.is_withheld("decision") else d.decision

    def item_link(self, d):
        return reverse("decisions:detail", args=[d.body.slug, d.reference_slug])

    def item_updateddate(self, d):
        return d.published_at

    def item_pubdate(self, d):
        return d.published_at
