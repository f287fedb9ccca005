"""The annual report's skeleton, with its figures filled: a board paper composed of the sections
the domains register (core.registry.register_annual_report_section), each giving its figures for
one financial year. This module knows no domain: a domain that comes later adds its section from
its own ``AppConfig.ready()`` and the report has it, edited nowhere else."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from openpcc.core.board_paper import PaperContent, Paragraph, Section, financial_year, financial_year_of
from openpcc.core.models import Body
from openpcc.core.permissions import EDIT_ROLES
from openpcc.core.registry import (
    BoardPaperKind,
    PaperParam,
    annual_report_sections,
    register_board_paper,
)

# The first police and crime commissioners took office in November 2012: no body's records go
# back further than the financial year 2012/13.
FIRST_YEAR = 2012


def _current_year() -> int:
    return financial_year_of(timezone.localdate())


def year_choices(*, body: Body, private: bool) -> list[tuple[str, str]]:
    """The financial years in which any section has records at the body, and the current one, the
    latest first (a query a section)."""
    years = {_current_year()}
    for s in annual_report_sections(body.kind):
        years.update(y for y in s.years(body=body, private=private) if FIRST_YEAR <= y <= _current_year())
    return [(str(y), financial_year(y)) for y in sorted(years, reverse=True)]


def year_period(values: dict) -> tuple[int, date, date]:
    """The financial year asked for, as its first year and its first and last days."""
    value = str(values.get("year") or "").strip()
    if not value.isdigit() or not FIRST_YEAR <= int(value) <= _current_year():
        raise ValueError(
            f"year: choose a financial year from {financial_year(FIRST_YEAR)} to {financial_year(_current_year())}."
        )
    year = int(value)
    return year, date(year, 4, 1), date(year + 1, 3, 31)


def build_annual_report(*, body: Body, values: dict, private: bool) -> PaperContent:
    year, start, end = year_period(values)
    label = financial_year(year)
    today = timezone.localdate()
    sections = []
    for s in annual_report_sections(body.kind):
        blocks = s.build(body=body, start=start, end=end, private=private)
        if blocks:
            sections.append(Section(s.title, tuple(blocks)))
    as_of = "the records" + (" (public and not yet public)" if private else " published") + f" on {today:%-d %B %Y}"
    about = [
        Paragraph(
            f"This is the skeleton of the annual report of {body.display_name} for the financial year {label} "
            f"(1 April {year} to 31 March {year + 1}). Its figures are taken from {as_of}; "
            "the narrative of each section is written by the office before the report is published."
        )
    ]
    if year == _current_year() and today <= end:
        about.append(Paragraph(f"The year {label} has not ended: its figures are those to {today:%-d %B %Y}."))
    if not sections:
        about.append(Paragraph(f"No records of {label} are held for this report yet."))
    return PaperContent(
        title=f"{body.display_name}: annual report {label}",
        purpose=f"To present the annual report for {label}, with the year's figures, for comment before publication.",
        recommendations=("To note the figures for the year and comment on the draft annual report.",),
        sections=(Section("About this report", tuple(about)), *sections),
    )


def register() -> None:
    register_board_paper(
        BoardPaperKind(
            key="annual-report",
            title="Annual report (skeleton with the year's figures)",
            description="The annual report's sections for a financial year, each with its figures filled from "
            "the records: plan delivery, meetings, decisions, money out and spending.",
            build=build_annual_report,
            params=(PaperParam("year", "Financial year", choices=year_choices),),
            roles=EDIT_ROLES,
            order=90,
        )
    )
