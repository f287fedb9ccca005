"""The money-out board papers (funding.boardpapers): services funded and grants awarded, and a
fund's awards, with provider, amount and period and their totals to the penny; public records only
unless for a private meeting; an individual never named; a fixed number of queries."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from openpcc.boardpapers import render
from openpcc.boardpapers.selectors import PaperProblem, paper_build
from openpcc.core.board_paper import Heading, Table
from openpcc.funding import services as f
from tests.factories import DRAFT_MARKER, INDIVIDUAL_CANARY, actor, funding_make

pytestmark = pytest.mark.django_db

FRAME = {"date": date(2021, 5, 1), "classification": "OFFICIAL"}
YEAR = {"period_start": date(2020, 4, 1), "period_end": date(2021, 3, 31)}


@pytest.fixture
def fw(world):
    return funding_make(world.body, world.other, world.plan)


def build(world, key: str, values: dict, *, private: bool = False):
    return paper_build(body=world.body, user=world.editor, key=key, values=values, frame=FRAME, private=private)


def tables(paper) -> list[Table]:
    return [b for a in paper.content.appendices for b in a.blocks if isinstance(b, Table)]


def pennies(text: str) -> Decimal:
    return Decimal(text.lstrip("£").replace(",", ""))


def test_services_funded_and_grants_awarded_in_the_seeds_shape(fw, world):
    paper = build(world, "funded-services", {"fund": "", **YEAR})
    services, grants = tables(paper)
    assert services.headings == ("Service", "Provider", "Funding amount", "Period")
    assert services.rows == (
        ("Victim referral service", "Fenside Youth Trust", "£30,000.00", "1 April 2020 to 31 March 2021"),
        ("Total of services", "", "£30,000.00", ""),
    )
    assert grants.headings == ("Grant", "Recipient", "Funding amount", "Period")
    assert sorted(grants.rows[:-1]) == [
        ("Victim outreach", "Fenside Youth Trust", "£25,000.15", "1 April 2020 to 31 March 2021"),  # as varied
        ("Volunteer bursary", "an individual", "£500.00", "1 April 2020 to 31 March 2021"),
    ]
    # the totals add up to the penny, and so does the total of both
    for table in (services, grants):
        assert sum(pennies(r[2]) for r in table.rows[:-1]) == pennies(table.rows[-1][2])
    appendix = paper.content.appendices[0].blocks
    assert [b.text for b in appendix if isinstance(b, Heading)] == ["Commissioned services", "Grants awarded"]
    assert appendix[-1].text == "Total funding: £55,500.15."
    summary = paper.content.sections[0].blocks[0].text
    assert "1 commissioned service running in the period, funded to £30,000.00, and 2 grants" in summary
    assert paper.content.title == "Services funded and grants awarded, all funds, 1 April 2020 to 31 March 2021"
    html = render.paper_html(paper)
    assert DRAFT_MARKER not in html and INDIVIDUAL_CANARY not in html


def test_a_private_meeting_sees_records_not_yet_published_but_never_an_individuals_name(fw, world):
    paper = build(world, "funded-services", {"fund": "", **YEAR}, private=True)
    services, grants = tables(paper)
    assert services.rows[-1][2] == "£30,900.00" and grants.rows[-1][2] == "£26,500.15"
    html = render.paper_html(paper)
    assert f"Awarded {DRAFT_MARKER}" in html and f"Service {DRAFT_MARKER}" in html
    assert f"Draft {DRAFT_MARKER}" not in html  # a grant not awarded is never money out
    assert INDIVIDUAL_CANARY not in html and "an individual" in html


def test_one_funds_awards_against_its_budget(fw, world):
    paper = build(world, "fund-awards", {"fund": str(fw.fund.pk), **YEAR})
    (grants,) = tables(paper)
    assert grants.rows[-1] == ("Total", "", "£25,500.15", "")
    text = paper.content.sections[0].blocks[0].text
    assert "The Victims Fund 2020/21's budget for 2020/21 is £100,000.00" in text
    assert "2 grants running in the period come to £25,500.15 (26% of the budget)" in text
    narrow = build(
        world,
        "fund-awards",
        {"fund": str(fw.fund.pk), "period_start": date(2019, 1, 1), "period_end": date(2019, 3, 31)},
    )
    assert narrow.content.appendices[0].blocks[0].text == "No grants awarded in this period."


@pytest.mark.parametrize(
    ("key", "values", "message"),
    [
        ("fund-awards", {"fund": "", **YEAR}, "fund: choose one of this body's funds."),
        ("fund-awards", {"fund": "abc", **YEAR}, "fund: choose one of this body's funds."),
        ("funded-services", {"fund": "999999", **YEAR}, "fund: choose one of this body's funds. Leave it blank"),
        (
            "funded-services",
            {"period_start": date(2021, 1, 1), "period_end": date(2020, 1, 1)},
            "period_end: the period ends before",
        ),
        ("funded-services", {"period_start": None, "period_end": None}, "period_start, period_end: give the first"),
    ],
)
def test_bad_values_name_what_is_wrong(fw, world, key, values, message):
    with pytest.raises(PaperProblem, match=message):
        build(world, key, values)


def test_another_bodys_fund_is_refused(fw, world):
    other_fund = fw.other_grant.fund
    with pytest.raises(PaperProblem, match="fund:"):
        build(world, "fund-awards", {"fund": str(other_fund.pk), **YEAR}, private=True)


def test_the_papers_take_the_same_queries_at_ten_times_the_grants(fw, world):
    def count() -> list[int]:
        out = []
        for key, values in (
            ("funded-services", {"fund": "", **YEAR}),
            ("fund-awards", {"fund": str(fw.fund.pk), **YEAR}),
        ):
            with CaptureQueriesContext(connection) as ctx:
                build(world, key, values)
            out.append(len(ctx))
        return out

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
                "amount": Decimal("10.01"),
                "start_date": date(2020, 4, 1),
                "end_date": date(2020, 9, 30),
            },
            user=actor(),
        )
        f.grant_publish(grant=f.grant_award(grant=g, user=actor()), user=actor())
    assert count() == before
    assert tables(build(world, "fund-awards", {"fund": str(fw.fund.pk), **YEAR}))[0].rows[-1][2] == "£25,600.25"
