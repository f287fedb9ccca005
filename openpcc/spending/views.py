"""Public spending over £500: the months with their totals, a month's lines (filtered, sorted,
paged), and each month as CSV and JSON with the same fields. Only public columns are read."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse

from openpcc.core.exports import csv_response
from openpcc.core.navigation import body_page_context
from openpcc.core.paging import query_without_page
from openpcc.core.params import public_page
from openpcc.core.selectors import body_public_get

from . import selectors
from .models import SpendingFile

FILTERS = ("supplier", "expense_type", "sort")
COLUMNS = [
    "date",
    "supplier",
    "expense_type",
    "service_area",
    "purpose",
    "amount",
    "transaction_reference",
    "redacted",
    "redaction_reason",
]


def _row(line: dict) -> dict:
    """A line's open data: the same fields and values in CSV and JSON."""
    return {
        "date": line["date"].isoformat(),
        "supplier": line["public_supplier"],
        "expense_type": line["expense_type"],
        "service_area": line["service_area"],
        "purpose": line["public_description"],
        "amount": str(line["amount"]),
        "transaction_reference": line["transaction_reference"],
        "redacted": line["is_redacted"],
        "redaction_reason": line["redaction_reason"],
    }


def _month(body, year: str, month: str) -> SpendingFile:
    return selectors.month_public_get(body=body, year=int(year), month=int(month))


@public_page()
def month_list(request: HttpRequest, body_slug: str) -> HttpResponse:
    body = body_public_get(slug=body_slug)
    months = selectors.month_public_list(body=body)
    return render(request, "spending/list.html", body_page_context(body, "spending", months=months))


@public_page()
def months_json(request: HttpRequest, body_slug: str) -> JsonResponse:
    body = body_public_get(slug=body_slug)
    months = selectors.month_public_list(body=body)
    return JsonResponse(
        {
            "body": {"slug": body.slug, "name": body.name},
            "months": [
                {
                    "month": f"{m.month:%Y-%m}",
                    "lines": m.row_count,
                    "redacted_lines": m.redacted_count,
                    "total": str(m.total),
                    "published_at": m.published_at.isoformat() if m.published_at else None,
                    "url": request.build_absolute_uri(reverse("spending:month", args=[body.slug, *m.url_args])),
                    "csv": request.build_absolute_uri(reverse("spending:month_csv", args=[body.slug, *m.url_args])),
                    "json": request.build_absolute_uri(reverse("spending:month_json", args=[body.slug, *m.url_args])),
                }
                for m in months
            ],
        },
        json_dumps_params={"indent": 2, "ensure_ascii": False},
    )


@public_page(*FILTERS, "page")
def month_detail(request: HttpRequest, body_slug: str, year: str, month: str) -> HttpResponse:
    body = body_public_get(slug=body_slug)
    spending = _month(body, year, month)
    lines = selectors.line_public_list(
        file=spending, page=request.params["page"], **{k: request.params[k] for k in FILTERS}
    )
    query = query_without_page(request)
    return render(
        request,
        "spending/month.html",
        body_page_context(body, "spending", spending=spending, lines=lines, query=query),
    )


@public_page(*FILTERS)
def month_csv(request: HttpRequest, body_slug: str, year: str, month: str) -> HttpResponse:
    body = body_public_get(slug=body_slug)
    spending = _month(body, year, month)
    rows = (_row(line) for line in selectors.line_public_iter(file=spending, **{k: request.params[k] for k in FILTERS}))
    return csv_response(filename=f"{body.slug}-spending-{spending.month:%Y-%m}.csv", columns=COLUMNS, rows=rows)


@public_page(*FILTERS)
def month_json(request: HttpRequest, body_slug: str, year: str, month: str) -> JsonResponse:
    body = body_public_get(slug=body_slug)
    spending = _month(body, year, month)
    lines = selectors.line_public_list(file=spending, **{k: request.params[k] for k in FILTERS})
    return JsonResponse(
        {
            "body": {"slug": body.slug, "name": body.name},
            "month": f"{spending.month:%Y-%m}",
            "count": lines.total,
            "total": str(lines.amount),
            "lines": [_row(line) for line in lines.lines],
        },
        json_dumps_params={"indent": 2, "ensure_ascii": False},
    )
