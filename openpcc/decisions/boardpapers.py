"""The board paper decision records write (core.registry.register_board_paper): "Decisions by
the Commissioner" for a period, with the table of decisions and the forward list."""

from __future__ import annotations

from datetime import date

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

from .models import Decision, ForwardDecision

OFFICES = frozenset({Body.Kind.PCC, Body.Kind.PFCC, Body.Kind.OTHER})
DECISION_HEADINGS = ("Reference", "Date", "Subject", "Decision", "Amount", "Decision maker")


def _withheld(d: Decision, part: str, value: str, *, private: bool) -> str:
    if d.is_withheld(part) and not private:
        return f"Withheld: {d.withheld_reason}" if d.withheld_reason else "Withheld"
    return value


def _amount(d: Decision) -> str:
    if d.amount is None:
        return ""
    return f"£{d.amount:,.2f}".replace(".00", "") + (f" {d.amount_note}" if d.amount_note else "")


def decisions_for_period(*, body: Body, start: date, end: date, private: bool) -> list[Decision]:
    """The body's decisions dated in the period: the public ones, or (for a private meeting) every
    signed one, exempt and not yet published included. A draft is never a decision."""
    qs = Decision.objects.for_body(body).filter(decision_date__gte=start, decision_date__lte=end)
    qs = qs.filter(status=Decision.Status.SIGNED) if private else qs.published()
    return list(qs.order_by("decision_date", "reference", "id"))


def build_decisions(*, body: Body, values: dict, private: bool) -> PaperContent:
    start, end = values.get("period_start"), values.get("period_end")
    if not isinstance(start, date) or not isinstance(end, date):
        raise ValueError("period_start, period_end: give the first and last day of the period.")
    if end < start:
        raise ValueError("period_end: the period ends before it starts.")
    period = f"{start:%-d %B %Y} to {end:%-d %B %Y}"
    decisions = decisions_for_period(body=body, start=start, end=end, private=private)
    forward = list(ForwardDecision.objects.for_body(body).order_by("order", "id"))
    rows = tuple(
        (
            d.reference or "Not yet referenced",
            f"{d.decision_date:%-d %B %Y}" if d.decision_date else "",
            d.subject,
            _withheld(d, "decision", d.decision, private=private),
            _withheld(d, "amount", _amount(d), private=private),
            d.decision_maker_name or d.get_decision_maker_display(),
        )
        for d in decisions
    )
    total = sum(
        (d.amount for d in decisions if d.amount is not None and not (d.is_withheld("amount") and not private)), 0
    )
    key = [
        Paragraph(
            f"{counted(len(decisions), 'decision was', 'decisions were')} recorded in the period {period}"
            + ("; they are listed at Appendix 1." if decisions else ".")
        ),
    ]
    if total:
        key.append(Paragraph(f"The amounts shown in the decisions come to £{total:,.2f}.".replace(".00.", ".")))
    key.append(
        Paragraph("Each decision record is published on the Commissioner's website with its reasons and papers.")
    )
    if forward:
        key.append(Paragraph("Areas where decisions are likely to be considered are given at Appendix 2."))
    appendices = [
        Appendix(
            f"Decisions by the Commissioner, {period}",
            (Table(f"Decisions recorded, {period}", DECISION_HEADINGS, rows),)
            if rows
            else (Paragraph("No decisions were recorded in the period."),),
        )
    ]
    if forward:
        appendices.append(
            Appendix(
                "Areas where decisions are likely to be considered",
                (
                    Table(
                        "The forward list of decisions",
                        ("Area", "Timescale", "Background reports"),
                        tuple(
                            (
                                f.topic,
                                f.timescale,
                                "\n".join(
                                    f"{b.get('title', '')} {b.get('url', '')}".strip()
                                    for b in (f.background or [])
                                    if isinstance(b, dict)
                                ),
                            )
                            for f in forward
                        ),
                    ),
                ),
            )
        )
    site = settings.OPENPCC_SITE_URL.rstrip("/")
    return PaperContent(
        title=f"Decisions by the Commissioner, {period}",
        purpose=f"To inform the meeting of the decisions taken by the Commissioner from {period}.",
        recommendations=("To note the decisions set out in Appendix 1.",)
        + (("To note the areas where decisions are likely to be considered.",) if forward else ()),
        sections=(Section("Key issues", tuple(key)),),
        appendices=tuple(appendices),
        background_documents=(
            BackgroundDocument("Decision records", site + reverse("decisions:list", args=[body.slug])),
        ),
    )


def annual_decisions(*, body: Body, start: date, end: date, private: bool) -> tuple:
    """The decisions taken in the financial year, by category, with the amounts they show (those
    withheld left out of a public report). One query."""
    decisions = decisions_for_period(body=body, start=start, end=end, private=private)
    if not decisions:
        return ()
    counts: dict[str, list] = {}
    for d in decisions:
        row = counts.setdefault(d.get_category_display(), [0, 0])
        row[0] += 1
        if d.amount is not None and not (d.is_withheld("amount") and not private):
            row[1] += d.amount
    total = sum(r[1] for r in counts.values())
    rows = [(name, str(n), money(amount)) for name, (n, amount) in sorted(counts.items())]
    rows.append(("Total", str(len(decisions)), money(total)))
    return (
        Paragraph(
            f"{counted(len(decisions), 'decision was', 'decisions were')} taken and recorded in the year; "
            f"the amounts they show come to {money(total)}."
        ),
        Table("Decisions taken by category", ("Category", "Decisions", "Amounts shown"), tuple(rows)),
    )


def annual_decision_years(*, body: Body, private: bool) -> set[int]:
    qs = Decision.objects.for_body(body).filter(decision_date__isnull=False)
    qs = qs.filter(status=Decision.Status.SIGNED) if private else qs.published()
    return {financial_year_of(d) for d in qs.dates("decision_date", "month")}


def register() -> None:
    register_annual_report_section(
        AnnualReportSection(
            key="decisions",
            title="Decisions taken",
            build=annual_decisions,
            years=annual_decision_years,
            body_kinds=OFFICES,
            order=30,
        )
    )
    register_board_paper(
        BoardPaperKind(
            key="decisions",
            title="Decisions by the Commissioner",
            description="The decisions recorded in a period, with the forward list of areas where decisions "
            "are likely.",
            build=build_decisions,
            params=(
                PaperParam("period_start", "First day of the period", kind="date"),
                PaperParam("period_end", "Last day of the period", kind="date"),
            ),
            body_kinds=OFFICES,
            roles=EDIT_ROLES,
            order=20,
        )
    )
