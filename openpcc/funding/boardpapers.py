"""The money-out papers (core.registry.register_board_paper): the services funded and grants
awarded in a period (of every fund or one), and a fund's awards against its budget, in the shape
of the seeds' funded-services appendix (service, provider, amount, period, totals to the penny);
and money out in the annual report (core.registry.register_annual_report_section). All are built
from ``selectors.appendix_get``, public records only unless for a private meeting."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.urls import reverse

from openpcc.core.board_paper import (
    Appendix,
    BackgroundDocument,
    Block,
    Heading,
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
from .models import CommissionedService, Fund, Grant

OFFICES = frozenset({Body.Kind.PCC, Body.Kind.PFCC, Body.Kind.OTHER})
SERVICE_HEADINGS = ("Service", "Provider", "Funding amount", "Period")
GRANT_HEADINGS = ("Grant", "Recipient", "Funding amount", "Period")


def period_text(start: date, end: date) -> str:
    return f"{start:%-d %B %Y} to {end:%-d %B %Y}"


def rows_table(caption: str, headings: tuple[str, ...], rows: list[selectors.AppendixRow], total_label: str, total):
    """A table of services or grants with a last row giving their total, to the penny."""
    body = tuple((r.name, r.provider, money(r.amount), period_text(r.start, r.end)) for r in rows)
    return Table(caption, headings, (*body, (total_label, "", money(total), "")))


def _funds(*, body: Body, private: bool) -> list[tuple[str, str]]:
    """The body's funds (public by nature: a fund's name and budget are the office's own figures)."""
    return [(str(f.pk), str(f)) for f in selectors.appendix_funds(body=body)]


def _fund(body: Body, values: dict, *, required: bool) -> Fund | None:
    value = str(values.get("fund") or "")
    if not value and not required:
        return None
    fund = Fund.objects.for_body(body).filter(pk=value).first() if value.isdigit() else None
    if fund is None:
        raise ValueError("fund: choose one of this body's funds." + ("" if required else " Leave it blank for all."))
    return fund


def _period(values: dict) -> tuple[date, date]:
    start, end = values.get("period_start"), values.get("period_end")
    if not isinstance(start, date) or not isinstance(end, date):
        raise ValueError("period_start, period_end: give the first and last day of the period.")
    if end < start:
        raise ValueError("period_end: the period ends before it starts.")
    return start, end


def _background(body: Body) -> tuple[BackgroundDocument, ...]:
    site = settings.OPENPCC_SITE_URL.rstrip("/")
    return (
        BackgroundDocument("Grants awarded (web page)", site + reverse("funding:list", args=[body.slug])),
        BackgroundDocument("Commissioned services (web page)", site + reverse("funding:services", args=[body.slug])),
    )


def build_funded_services(*, body: Body, values: dict, private: bool) -> PaperContent:
    fund = _fund(body, values, required=False)
    start, end = _period(values)
    data = selectors.appendix_get(body=body, fund=fund, period_start=start, period_end=end, public=not private)
    what = str(fund) if fund else "all funds"
    period = period_text(start, end)
    blocks: list[Block] = [Heading("Commissioned services")]
    blocks.append(
        rows_table(
            f"Services funded, {period}", SERVICE_HEADINGS, data.services, "Total of services", data.services_total
        )
        if data.services
        else Paragraph("No commissioned services in this period.")
    )
    blocks.append(Heading("Grants awarded"))
    blocks.append(
        rows_table(f"Grants awarded, {period}", GRANT_HEADINGS, data.grants, "Total of grants", data.grants_total)
        if data.grants
        else Paragraph("No grants awarded in this period.")
    )
    blocks.append(Paragraph(f"Total funding: {money(data.total)}."))
    return PaperContent(
        title=f"Services funded and grants awarded, {what}, {period}",
        purpose=f"To set out the services funded and the grants awarded from {what} in the period {period}.",
        recommendations=("To note the services funded and the grants awarded set out at Appendix 1.",),
        sections=(
            Section(
                "Summary",
                (
                    Paragraph(
                        f"{counted(len(data.services), 'commissioned service')} running in the period, "
                        f"funded to {money(data.services_total)}, and {counted(len(data.grants), 'grant')} "
                        f"awarded, to {money(data.grants_total)}: {money(data.total)} in all. Each is listed at "
                        "Appendix 1 at its whole value for its own period."
                    ),
                    Paragraph("A grant to an individual is shown as made to “an individual”."),
                ),
            ),
        ),
        appendices=(Appendix(f"Services funded and grants awarded, {period}", tuple(blocks)),),
        background_documents=_background(body),
    )


def build_fund_awards(*, body: Body, values: dict, private: bool) -> PaperContent:
    fund = _fund(body, values, required=True)
    start, end = _period(values)
    data = selectors.appendix_get(body=body, fund=fund, period_start=start, period_end=end, public=not private)
    period = period_text(start, end)
    share = f" ({data.grants_total / fund.budget:.0%} of the budget)" if fund.budget else ""
    return PaperContent(
        title=f"{fund}: grants awarded, {period}",
        purpose=f"To report the grants awarded from the {fund} in the period {period}.",
        recommendations=("To note the grants awarded set out at Appendix 1.",),
        sections=(
            Section(
                "Summary",
                (
                    Paragraph(
                        f"The {fund}'s budget for {fund.financial_year} is {money(fund.budget)}. "
                        f"{counted(len(data.grants), 'grant')} running in the period "
                        f"come to {money(data.grants_total)}{share}."
                    ),
                ),
            ),
        ),
        appendices=(
            Appendix(
                f"{fund}: grants awarded, {period}",
                (rows_table(f"Grants from the {fund}", GRANT_HEADINGS, data.grants, "Total", data.grants_total),)
                if data.grants
                else (Paragraph("No grants awarded in this period."),),
            ),
        ),
        background_documents=_background(body),
    )


def annual_money_out(*, body: Body, start: date, end: date, private: bool) -> tuple:
    """Money out in the financial year, by fund: the services and grants running in it, at their
    whole values. Two queries."""
    data = selectors.appendix_get(body=body, fund=None, period_start=start, period_end=end, public=not private)
    if not data.services and not data.grants:
        return ()
    funds: dict[str, list] = {}
    for row in data.services + data.grants:
        line = funds.setdefault(row.fund or "No fund", [0, 0])
        line[0 if row.kind == "service" else 1] += row.amount
    rows = [(name, money(s), money(g), money(s + g)) for name, (s, g) in sorted(funds.items())]
    rows.append(("Total", money(data.services_total), money(data.grants_total), money(data.total)))
    return (
        Paragraph(
            f"{counted(len(data.services), 'commissioned service')} ({money(data.services_total)}) and "
            f"{counted(len(data.grants), 'grant')} ({money(data.grants_total)}) ran in "
            f"{financial_year(start.year)}: {money(data.total)} in all, each at its whole value."
        ),
        Table(
            "Money out by fund", ("Fund", "Commissioned services", "Grants", "Total"), tuple(rows), row_headings=True
        ),
    )


def annual_money_years(*, body: Body, private: bool) -> set[int]:
    """The financial years in which a service or an awarded grant ran. Two queries."""
    services = CommissionedService.objects.for_body(body)
    grants = Grant.objects.for_body(body).filter(status__in=Grant.COUNTED)
    if not private:
        services, grants = services.published(), grants.published()
    years: set[int] = set()
    for qs in (services, grants):
        for start, end in qs.order_by().values_list("start_date", "end_date").distinct():
            years.update(range(financial_year_of(start), financial_year_of(end) + 1))
    return years


def register() -> None:
    dates = (
        PaperParam("period_start", "First day of the period", kind="date"),
        PaperParam("period_end", "Last day of the period", kind="date"),
    )
    register_board_paper(
        BoardPaperKind(
            key="funded-services",
            title="Services funded and grants awarded (money out)",
            description="The commissioned services and grants running in a period, of one fund or all, with "
            "provider, amount and period, and their totals to the penny.",
            build=build_funded_services,
            params=(
                PaperParam("fund", "Fund", choices=_funds, required=False, help_text="Leave unchosen for every fund."),
                *dates,
            ),
            body_kinds=OFFICES,
            roles=EDIT_ROLES,
            order=50,
        )
    )
    register_board_paper(
        BoardPaperKind(
            key="fund-awards",
            title="A fund's grants awarded",
            description="The grants of one fund running in a period, against the fund's budget.",
            build=build_fund_awards,
            params=(PaperParam("fund", "Fund", choices=_funds), *dates),
            body_kinds=OFFICES,
            roles=EDIT_ROLES,
            order=55,
        )
    )
    register_annual_report_section(
        AnnualReportSection(
            key="money-out",
            title="Money out",
            build=annual_money_out,
            years=annual_money_years,
            body_kinds=OFFICES,
            order=40,
        )
    )
