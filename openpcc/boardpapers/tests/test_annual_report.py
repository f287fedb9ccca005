"""The annual report (boardpapers.annual): a skeleton whose sections every domain contributes
through core.registry.register_annual_report_section, with the year's figures filled; and the
leak check of every paper kind added after the first four (test_papers.py checks those) over a
world holding chapters, funding and spending too, with draft, exempt, private and other bodies'
records planted."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from openpcc.boardpapers import render
from openpcc.boardpapers.selectors import PaperProblem, paper_build, paper_kind_list
from openpcc.boardpapers.tests.papers_world import papers_world
from openpcc.boardpapers.tests.test_papers import docx_text, pdf_text, squash
from openpcc.core import registry
from openpcc.core.board_paper import Paragraph, Table, financial_year_of
from openpcc.core.registry import AnnualReportSection, board_paper, register_annual_report_section
from tests.factories import (
    DRAFT_MARKER,
    EXEMPT_MARKER,
    INDIVIDUAL_CANARY,
    OTHER_BODY_MARKER,
    PRIVATE_MARKER,
    SPENDING_CANARY,
    actor,
)

pytestmark = pytest.mark.django_db

FRAME = {"date": date(2021, 6, 1), "classification": "OFFICIAL"}
FIRST_FOUR = {"plan-delivery", "decisions", "action-log", "work-programme"}
# every record of the world lies in these days: the plan's rounds, the decisions, the money and spending
PERIOD = {"period_start": date(2017, 1, 1), "period_end": date(2021, 3, 31)}
NEVER = (DRAFT_MARKER, EXEMPT_MARKER, PRIVATE_MARKER, OTHER_BODY_MARKER, INDIVIDUAL_CANARY, SPENDING_CANARY)


def build(world, key: str, values: dict, *, private: bool = False, body=None):
    return paper_build(body=body or world.body, user=world.editor, key=key, values=values, frame=FRAME, private=private)


def section(paper, title: str):
    found = [s for s in paper.content.sections if s.title == title]
    assert found, f"no section {title!r} in {[s.title for s in paper.content.sections]}"
    return found[0]


def table(paper, title: str) -> Table:
    return next(b for b in section(paper, title).blocks if isinstance(b, Table))


@pytest.mark.whole_world
def test_each_domain_fills_its_section_of_the_year(pinned_now, world):
    papers_world(world)
    kind = board_paper("annual-report")
    offered = dict(kind.params[0].choices(body=world.body, private=False))
    this_year = financial_year_of(timezone.localdate())
    assert {"2017", "2020", str(this_year)} <= set(offered) and "2015" not in offered
    assert offered["2017"] == "2017/18"

    y2017 = build(world, "annual-report", {"year": "2017"})
    assert y2017.content.title == "Test Pcc Office: annual report 2017/18"
    assert [s.title for s in y2017.content.sections][:1] == ["About this report"]
    delivery = " ".join(
        b.text for b in section(y2017, "Delivering the Police and Crime Plan").blocks if isinstance(b, Paragraph)
    )
    assert (
        "1 reporting round of the Police and Crime Plan 2017-20 reported delivery in 2017/18: 2017/18 Q1." in delivery
    )
    assert table(y2017, "Delivering the Police and Crime Plan").rows == (("Green: On target", "5"),)
    assert table(y2017, "Decisions taken").rows[-1] == ("Total", "1", "£150,000.00")
    assert "Money out" not in [s.title for s in y2017.content.sections]

    y2020 = build(world, "annual-report", {"year": "2020"})
    money = table(y2020, "Money out")
    assert money.rows[-1] == ("Total", "£30,000.00", "£25,500.15", "£55,500.15")
    assert money.rows[0] == ("Victims Fund 2020/21", "£30,000.00", "£25,500.15", "£55,500.15")
    assert table(y2020, "Spending over £500").rows == (("April 2020", "4", "£5,504.50"), ("Total", "4", "£5,504.50"))

    meetings = build(world, "annual-report", {"year": str(financial_year_of(world.meetings.held.date))})
    rows = table(meetings, "Meetings, questions and actions").rows
    assert rows[-1][0] == "Total" and rows[0][0] == "Business Coordination Board"
    # the held meeting's public question and action (the exempt item's are not counted)
    assert rows[0][2:] == ("1", "1")


@pytest.mark.whole_world
def test_a_private_meetings_report_counts_what_is_not_yet_public(pinned_now, world):
    papers_world(world)
    public = build(world, "annual-report", {"year": "2020"})
    private = build(world, "annual-report", {"year": "2020"}, private=True)
    assert table(private, "Money out").rows[-1] == ("Total", "£30,900.00", "£26,500.15", "£57,400.15")
    assert table(private, "Spending over £500").rows[-1] == ("Total", "8", "£11,009.00")  # May, not yet published
    assert table(public, "Spending over £500").rows[-1] == ("Total", "4", "£5,504.50")
    decisions = build(world, "annual-report", {"year": "2017"}, private=True)
    assert table(decisions, "Decisions taken").rows[-1] == ("Total", "2", "£155,000.00")
    assert "(public and not yet public)" in section(decisions, "About this report").blocks[0].text


def test_a_year_with_no_records_and_a_bad_year(pinned_now, world):
    paper = build(world, "annual-report", {"year": "2013"})
    assert [s.title for s in paper.content.sections] == ["About this report"]
    assert paper.content.sections[0].blocks[-1].text == "No records of 2013/14 are held for this report yet."
    for bad in ("2011", "abc", "", str(financial_year_of(timezone.localdate()) + 1)):
        with pytest.raises(PaperProblem, match=r"year: choose a financial year from 2012/13 to "):
            build(world, "annual-report", {"year": bad})


def test_a_later_domain_adds_its_section_without_editing_another_app(pinned_now, world):
    def build_complaints(*, body, start, end, private):
        return (Paragraph(f"3 complaints received from {start:%-d %B %Y} to {end:%-d %B %Y}."),)

    register_annual_report_section(
        AnnualReportSection(
            key="complaints-test",
            title="Complaints",
            build=build_complaints,
            years=lambda *, body, private: {2019},
            order=60,
        )
    )
    try:
        paper = build(world, "annual-report", {"year": "2019"})
        assert (
            section(paper, "Complaints").blocks[0].text == "3 complaints received from 1 April 2019 to 31 March 2020."
        )
        assert "2019" in dict(board_paper("annual-report").params[0].choices(body=world.body, private=False))
        # a panel's report has the sections of every kind of body, not the office's
        panel = registry.annual_report_sections("panel")
        assert "complaints-test" in {s.key for s in panel} and "money-out" not in {s.key for s in panel}
    finally:
        registry._ANNUAL_SECTIONS.pop("complaints-test")


def test_the_report_takes_the_same_queries_at_ten_times_the_records(pinned_now, world):
    from openpcc.funding import services as f
    from openpcc.spending import services as s
    from tests.factories import funding_make, spending_csv

    fw = funding_make(world.body, world.other, world.plan)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            build(world, "annual-report", {"year": "2020"})
        return len(ctx)

    count()  # the user's roles are read once, then kept
    before = count()
    for n in range(10):
        g = f.grant_create(
            body=world.body,
            fields={
                "fund": fw.fund,
                "recipient": fw.org,
                "title": f"More {n}",
                "purpose": "More.",
                "amount": Decimal("10"),
                "start_date": date(2020, 4, 1),
                "end_date": date(2020, 9, 30),
            },
            user=actor(),
        )
        f.grant_publish(grant=f.grant_award(grant=g, user=actor()), user=actor())
    for month in (date(2020, 8, 1), date(2020, 9, 1)):
        made = s.spending_file_import_now(
            body=world.body, month=month, name=f"{month}.csv", data=spending_csv(month, 10), user=actor()
        )
        s.spending_file_publish(file=made, expected_version=made.version, user=actor())
    assert count() == before


def _values(world, kind, private: bool):
    """Each set of values the kind's parameters allow at the body: every record it offers."""
    choice = next((p for p in kind.params if p.kind == "choice" and p.required), None)
    dates = {p.name: PERIOD[p.name] for p in kind.params if p.kind == "date"}
    if choice is None:
        yield dates
        return
    for value, _label in choice.choices(body=world.body, private=private):
        yield {choice.name: value, **dates}


@pytest.mark.whole_world
def test_no_public_paper_of_the_later_kinds_holds_a_draft_exempt_private_or_personal_record(pinned_now, world):
    papers_world(world)
    kinds = [k for k in paper_kind_list(body=world.body, user=world.editor) if k.key not in FIRST_FOUR]
    assert {"we-said-we-did", "funded-services", "fund-awards", "spending-month", "annual-report"} <= {
        k.key for k in kinds
    }
    checked: set[str] = set()
    for kind in kinds:
        for values in _values(world, kind, private=False):
            paper = build(world, kind.key, values)
            texts = {
                "html": render.paper_html(paper),
                "docx": docx_text(render.paper_docx(paper)),
                "pdf": squash(pdf_text(render.paper_pdf(paper))),
            }
            for name, text in texts.items():
                for marker in NEVER:
                    assert squash(marker) not in squash(text), f"{kind.key} {values} ({name}) holds {marker}"
            checked.add(kind.key)
    assert checked == {k.key for k in kinds}  # each kind had a record to offer: the loop really ran

    # for a private meeting the records not yet public are there, so the check above could fail
    private = {
        "we-said-we-did": _values(world, board_paper("we-said-we-did"), private=True),
        "funded-services": [PERIOD],
        "spending-month": _values(world, board_paper("spending-month"), private=True),
    }
    for key, values_list in private.items():
        html = "".join(render.paper_html(build(world, key, values, private=True)) for values in values_list)
        assert DRAFT_MARKER in html, key
        assert INDIVIDUAL_CANARY not in html and SPENDING_CANARY not in html  # never, even in private
