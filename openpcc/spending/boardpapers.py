"""Spending over £500 as a board paper (core.registry.register_board_paper): one month's items of
expenditure as an appendix, with their total to the penny; and spending in the annual report
(core.registry.register_annual_report_section). Only the public columns of a line are read, for
a private meeting too: the name of a person paid never reaches a paper."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.urls import reverse

from openpcc.core.board_paper import (
    Appendix,
    BackgroundDocument,
    PaperContent,
    Paragraph,
    Section,
    Table,
    counted,
    financial_year,
    financial_year_of,
    money,
)
from openpcc.core.models import Body
from openpcc.core.permissions import EDIT_ROLES
from openpcc.core.registry import (
    AnnualReportSection,
    BoardPaperKind,
    PaperParam,
    register_annual_report_section,
    register_board_paper,
)

from . import selectors
from .models import THRESHOLD, SpendingFile

OFFICES = frozenset({Body.Kind.PCC, Body.Kind.PFCC, Body.Kind.OTHER})
LINE_HEADINGS = ("Transaction", "Date", "Supplier", "Expense type", "Service area", "Description", "Amount")


def _months(*, body: Body, private: bool) -> list[tuple[str, str]]:
    files = SpendingFile.objects.for_body(body).only("id", "month", "publication_status", "published_at")
    files = files if private else files.published()
    return [
        (str(f.pk), f"{f.month:%B %Y}" + ("" if f.is_published else " (not published)"))
        for f in files.order_by("-month")
    ]


def build_month(*, body: Body, values: dict, private: bool) -> PaperContent:
    value = str(values.get("month") or "")
    files = SpendingFile.objects.for_body(body)
    files = files if private else files.published()
    file = files.only(*selectors.FILE_FIELDS).filter(pk=value).first() if value.isdigit() else None
    if file is None:
        raise ValueError("month: choose a published month of this body's spending.")
    lines = list(selectors.line_public_iter(file=file))
    total = sum((line["amount"] for line in lines), Decimal("0.00"))
    redacted = sum(1 for line in lines if line["is_redacted"])
    rows = tuple(
        (
            line["transaction_reference"] or "",
            f"{line['date']:%-d %B %Y}",
            line["public_supplier"],
            line["expense_type"],
            line["service_area"],
            line["public_description"],
            money(line["amount"]),
        )
        for line in lines
    )
    month = f"{file.month:%B %Y}"
    summary = [
        Paragraph(
            f"{counted(len(lines), 'item')} of expenditure over £{THRESHOLD} in {month}, "
            f"coming to {money(total)}, are listed at Appendix 1."
        )
    ]
    if redacted:
        summary.append(
            Paragraph(
                f"{counted(redacted, 'payment')} to individuals {'is' if redacted == 1 else 'are'} shown without "
                "the name of the person paid."
            )
        )
    site = settings.OPENPCC_SITE_URL.rstrip("/")
    url = site + reverse("spending:month", args=[body.slug, *file.url_args]) if file.is_published else ""
    return PaperContent(
        title=f"Spending over £{THRESHOLD}, {month}",
        purpose=f"To set out each item of expenditure over £{THRESHOLD} in {month}.",
        recommendations=("To note the expenditure set out at Appendix 1.",),
        sections=(Section("Summary", tuple(summary)),),
        appendices=(
            Appendix(
                f"Spending over £{THRESHOLD}, {month}",
                (
                    Table(
                        f"Items of expenditure, {month}",
                        LINE_HEADINGS,
                        (*rows, ("Total", "", "", "", "", "", money(total))),
                    ),
                )
                if rows
                else (Paragraph("No items of expenditure over the threshold."),),
            ),
        ),
        background_documents=(BackgroundDocument(f"Spending over £{THRESHOLD}, {month} (web page)", url),),
    )


def annual_spending(*, body: Body, start: date, end: date, private: bool) -> tuple:
    """The months of the financial year with their items over £500 and totals. One query."""
    files = SpendingFile.objects.for_body(body).filter(month__gte=start, month__lte=end)
    files = files if private else files.published()
    months = list(files.order_by("month").values_list("month", "row_count", "total"))
    if not months:
        return ()
    lines = sum(m[1] for m in months)
    total = sum((m[2] for m in months), Decimal("0.00"))
    rows = [(f"{m:%B %Y}", str(n), money(t)) for m, n, t in months]
    rows.append(("Total", str(lines), money(total)))
    return (
        Paragraph(
            f"Spending over £{THRESHOLD} is {'recorded' if private else 'published'} for "
            f"{counted(len(months), 'month')} of "
            f"{financial_year(start.year)}: {counted(lines, 'item')} of expenditure coming to {money(total)}."
        ),
        Table(f"Spending over £{THRESHOLD} by month", ("Month", "Items", "Amount"), tuple(rows)),
    )


def annual_spending_years(*, body: Body, private: bool) -> set[int]:
    files = SpendingFile.objects.for_body(body)
    files = files if private else files.published()
    return {financial_year_of(m) for m in files.order_by().values_list("month", flat=True)}


def register() -> None:
    register_board_paper(
        BoardPaperKind(
            key="spending-month",
            title=f"Spending over £{THRESHOLD} (a month)",
            description=f"Each item of expenditure over £{THRESHOLD} in a month, with the total. The name of a "
            "person paid is never shown.",
            build=build_month,
            params=(PaperParam("month", "Month", choices=_months),),
            body_kinds=OFFICES,
            roles=EDIT_ROLES,
            order=60,
        )
    )
    register_annual_report_section(
        AnnualReportSection(
            key="spending",
            title=f"Spending over £{THRESHOLD}",
            build=annual_spending,
            years=annual_spending_years,
            body_kinds=OFFICES,
            order=50,
        )
    )
