"""Public funding pages: funds with their totals and the grants (filtered, paged), one grant with
its variations, funding bids, commissioned services and contracts; CSV and JSON of each list with
the same fields. An individual recipient is "an individual" everywhere here."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse

from openpcc.core.exports import csv_response
from openpcc.core.navigation import body_page_context
from openpcc.core.paging import query_without_page
from openpcc.core.params import public_page, year_value
from openpcc.core.selectors import body_public_get

from . import giving360, selectors
from .models import CommissionedService, Fund, FundingBid, Grant

GRANT_FILTERS = ("fund", "year", "recipient", "priority")
SERVICE_FILTERS = ("fund", "year")
JSON_OPTIONS = {"json_dumps_params": {"indent": 2, "ensure_ascii": False}}


def _money(value) -> str | None:
    return None if value is None else f"{value:.2f}"


def _date(value) -> str | None:
    return value.isoformat() if value else None


# --- grants --------------------------------------------------------------------------------------


def _grant_list(request: HttpRequest, body, page: str | None = None) -> selectors.GrantList:
    return selectors.grant_public_list(body=body, page=page, **{k: request.params[k] for k in GRANT_FILTERS})


@public_page(*GRANT_FILTERS, "page")
def grant_list(request: HttpRequest, body_slug: str) -> HttpResponse:
    body = body_public_get(slug=body_slug)
    listing = _grant_list(request, body, page=request.params["page"])
    return render(
        request,
        "funding/list.html",
        body_page_context(
            body,
            "funding",
            listing=listing,
            query=query_without_page(request),
            giving_year=(giving_year := year_value(request.params["year"])),
            giving_year_label=giving360.year_label(giving_year),
        ),
    )


@public_page()
def grant_detail(request: HttpRequest, body_slug: str, pk: int) -> HttpResponse:
    body = body_public_get(slug=body_slug)
    grant = selectors.grant_public_get(body=body, pk=pk)
    return render(request, "funding/detail.html", body_page_context(body, "funding", g=grant))


GRANT_COLUMNS = [
    "id",
    "title",
    "recipient",
    "recipient_identifier",
    "amount",
    "fund",
    "financial_year",
    "start_date",
    "end_date",
    "purpose",
    "conditions",
    "status",
    "awarded_on",
    "priorities",
    "decision",
    "published_at",
    "url",
]


def _grant_rows(request: HttpRequest, grants: list[Grant]) -> list[dict]:
    """A grant's open data: the same fields and values in CSV and JSON (absolute addresses)."""
    return [
        {
            "id": g.pk,
            "title": g.title,
            "recipient": g.recipient.public_label,
            "recipient_identifier": g.recipient.public_identifier,
            "amount": _money(g.amount),
            "fund": g.fund.name,
            "financial_year": g.fund.financial_year,
            "start_date": _date(g.start_date),
            "end_date": _date(g.end_date),
            "purpose": g.purpose,
            "conditions": g.conditions,
            "status": g.get_status_display(),
            "awarded_on": _date(g.awarded_on),
            "priorities": [p.code for p in g.priorities.all()],
            "decision": g.decision.reference if g.decision and g.decision.is_public else "",
            "published_at": g.published_at.isoformat() if g.published_at else None,
            "url": request.build_absolute_uri(reverse("funding:detail", args=[g.body.slug, g.pk])),
        }
        for g in grants
    ]


def _fund_rows(funds: list[Fund]) -> list[dict]:
    return [
        {
            "id": f.pk,
            "name": f.name,
            "financial_year": f.financial_year,
            "budget": _money(f.budget),
            "awarded": _money(f.awarded),
            "services": _money(f.services_value),
            "committed": _money(f.committed),
            "paid": _money(f.paid),
            "remaining": _money(f.remaining),
        }
        for f in funds
    ]


@public_page(*GRANT_FILTERS)
def grants_csv(request: HttpRequest, body_slug: str) -> HttpResponse:
    body = body_public_get(slug=body_slug)
    rows = _grant_rows(request, _grant_list(request, body).grants)
    return csv_response(filename=f"{body.slug}-grants.csv", columns=GRANT_COLUMNS, rows=rows)


@public_page(*GRANT_FILTERS)
def grants_json(request: HttpRequest, body_slug: str) -> JsonResponse:
    body = body_public_get(slug=body_slug)
    listing = _grant_list(request, body)
    return JsonResponse(
        {
            "body": {"slug": body.slug, "name": body.name},
            "funds": _fund_rows(listing.funds),
            "count": listing.total,
            "grants": _grant_rows(request, listing.grants),
        },
        **JSON_OPTIONS,
    )


# --- services ------------------------------------------------------------------------------------


def _service_list(request: HttpRequest, body, page: str | None = None) -> selectors.ServiceList:
    return selectors.service_public_list(body=body, page=page, **{k: request.params[k] for k in SERVICE_FILTERS})


@public_page(*SERVICE_FILTERS, "page")
def service_list(request: HttpRequest, body_slug: str) -> HttpResponse:
    body = body_public_get(slug=body_slug)
    listing = _service_list(request, body, page=request.params["page"])
    return render(
        request,
        "funding/services.html",
        body_page_context(body, "funding", listing=listing, query=query_without_page(request)),
    )


SERVICE_COLUMNS = [
    "id",
    "service",
    "provider",
    "provider_identifier",
    "fund",
    "value",
    "start_date",
    "end_date",
    "procurement_route",
    "contract",
    "documents",
    "priorities",
    "published_at",
    "url",
]


def _service_rows(request: HttpRequest, services: list[CommissionedService]) -> list[dict]:
    return [
        {
            "id": s.pk,
            "service": s.name,
            "provider": s.provider.public_label,
            "provider_identifier": s.provider.public_identifier,
            "fund": str(s.fund) if s.fund else "",
            "value": _money(s.value),
            "start_date": _date(s.start_date),
            "end_date": _date(s.end_date),
            "procurement_route": s.get_procurement_route_display(),
            "contract": s.listed_as_contract,
            "documents": [
                request.build_absolute_uri(reverse("documents:detail", args=[s.body.slug, d.pk])) for d in s.papers
            ],
            "priorities": [p.code for p in s.priorities.all()],
            "published_at": s.published_at.isoformat() if s.published_at else None,
            "url": request.build_absolute_uri(reverse("funding:services", args=[s.body.slug]) + f"#service-{s.pk}"),
        }
        for s in services
    ]


@public_page(*SERVICE_FILTERS)
def services_csv(request: HttpRequest, body_slug: str) -> HttpResponse:
    body = body_public_get(slug=body_slug)
    rows = _service_rows(request, _service_list(request, body).services)
    return csv_response(filename=f"{body.slug}-services.csv", columns=SERVICE_COLUMNS, rows=rows)


@public_page(*SERVICE_FILTERS)
def services_json(request: HttpRequest, body_slug: str) -> JsonResponse:
    body = body_public_get(slug=body_slug)
    listing = _service_list(request, body)
    return JsonResponse(
        {
            "body": {"slug": body.slug, "name": body.name},
            "count": listing.total,
            "total_value": _money(listing.total_value),
            "services": _service_rows(request, listing.services),
        },
        **JSON_OPTIONS,
    )


# --- bids ----------------------------------------------------------------------------------------


@public_page("page")
def bid_list(request: HttpRequest, body_slug: str) -> HttpResponse:
    body = body_public_get(slug=body_slug)
    listing = selectors.bid_public_list(body=body, page=request.params["page"])
    return render(request, "funding/bids.html", body_page_context(body, "funding", listing=listing, query=""))


BID_COLUMNS = [
    "id",
    "funder",
    "scheme",
    "amount_sought",
    "amount_note",
    "submitted_on",
    "outcome",
    "amount_secured",
    "summary",
    "pays_for",
    "published_at",
]


def _bid_rows(request: HttpRequest, bids: list[FundingBid]) -> list[dict]:
    return [
        {
            "id": b.pk,
            "funder": b.funder,
            "scheme": b.scheme,
            "amount_sought": _money(b.amount_sought),
            "amount_note": b.amount_note,
            "submitted_on": _date(b.submitted_on),
            "outcome": b.get_outcome_display(),
            "amount_secured": _money(b.amount_secured),
            "summary": b.summary,
            "pays_for": [
                request.build_absolute_uri(reverse("funding:detail", args=[g.body.slug, g.pk])) for g in b.grants.all()
            ]
            + [
                request.build_absolute_uri(reverse("funding:services", args=[b.body.slug]) + f"#service-{s.pk}")
                for s in b.services.all()
            ],
            "published_at": b.published_at.isoformat() if b.published_at else None,
        }
        for b in bids
    ]


@public_page()
def bids_csv(request: HttpRequest, body_slug: str) -> HttpResponse:
    body = body_public_get(slug=body_slug)
    rows = _bid_rows(request, selectors.bid_public_list(body=body).bids)
    return csv_response(filename=f"{body.slug}-funding-bids.csv", columns=BID_COLUMNS, rows=rows)


@public_page()
def bids_json(request: HttpRequest, body_slug: str) -> JsonResponse:
    body = body_public_get(slug=body_slug)
    listing = selectors.bid_public_list(body=body)
    return JsonResponse(
        {
            "body": {"slug": body.slug, "name": body.name},
            "count": listing.total,
            "bids": _bid_rows(request, listing.bids),
        },
        **JSON_OPTIONS,
    )


# --- 360Giving -----------------------------------------------------------------------------------

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _giving_package(request: HttpRequest, body) -> tuple[dict | None, str, int]:
    """The 360Giving package asked for, or None with a message and the status to answer."""
    try:
        year = giving360.year_param(request.params["year"])
    except giving360.BadYear as problem:
        return None, str(problem), 400
    data = giving360.package(body=body, year=year, absolute=request.build_absolute_uri)
    if data is None:
        when = f"in the financial year {giving360.year_label(year)}" if year is not None else "yet"
        return None, f"The {body.name} has published no awarded grants {when}.", 404
    return data, "", 200


@public_page("year")
def giving360_json(request: HttpRequest, body_slug: str) -> JsonResponse:
    body = body_public_get(slug=body_slug)
    data, message, status = _giving_package(request, body)
    if data is None:
        return JsonResponse({"error": message}, status=status, **JSON_OPTIONS)
    return JsonResponse(data, **JSON_OPTIONS)


@public_page("year")
def giving360_xlsx(request: HttpRequest, body_slug: str) -> HttpResponse:
    body = body_public_get(slug=body_slug)
    data, message, status = _giving_package(request, body)
    if data is None:
        return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")
    response = HttpResponse(giving360.workbook(data), content_type=XLSX)
    year = request.params["year"] or "all-years"
    response["Content-Disposition"] = f'attachment; filename="{body.slug}-360giving-{year}.xlsx"'
    return response
