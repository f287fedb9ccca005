"""Spending over £500 as a board paper (spending.boardpapers): a published month's items with
their total to the penny, a month not yet published only for a private meeting, and the name of a
person paid never in any paper."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from openpcc.boardpapers import render
from openpcc.boardpapers.selectors import PaperProblem, paper_build
from openpcc.core.registry import board_paper
from tests.factories import DRAFT_MARKER, OTHER_BODY_MARKER, SPENDING_CANARY, spending_make

pytestmark = pytest.mark.django_db

FRAME = {"date": date(2020, 6, 1), "classification": "OFFICIAL"}


def build(world, file, *, private: bool = False):
    return paper_build(
        body=world.body,
        user=world.editor,
        key="spending-month",
        values={"month": str(file.pk)},
        frame=FRAME,
        private=private,
    )


def test_a_published_month_lists_each_item_with_the_total(world):
    sw = spending_make(world.body, world.other)
    paper = build(world, sw.published)
    table = paper.content.appendices[0].blocks[0]
    # three lines over £500 and the payment to a person; never the £120 line
    assert [r[0] for r in table.rows] == ["T0", "T1", "T2", "TC", "Total"]
    assert table.rows[0] == ("T0", "1 April 2020", "Supplier 0 Ltd", "Consultancy", "Office", "Work 0", "£1,000.50")
    assert table.rows[3][2] == "Redacted: personal data" and table.rows[3][5] == ""
    amounts = [Decimal(r[6].lstrip("£").replace(",", "")) for r in table.rows[:-1]]
    assert sum(amounts) == Decimal(table.rows[-1][6].lstrip("£").replace(",", "")) == Decimal("5504.50")
    summary = [p.text for p in paper.content.sections[0].blocks]
    assert summary == [
        "4 items of expenditure over £500 in April 2020, coming to £5,504.50, are listed at Appendix 1.",
        "1 payment to individuals is shown without the name of the person paid.",
    ]
    assert paper.content.title == "Spending over £500, April 2020"


def test_a_month_not_published_only_for_a_private_meeting_and_a_name_never(world):
    sw = spending_make(world.body, world.other)
    choices = board_paper("spending-month").params[0].choices
    assert [v for v, _ in choices(body=world.body, private=False)] == [str(sw.published.pk)]
    assert str(sw.draft.pk) in {v for v, _ in choices(body=world.body, private=True)}
    with pytest.raises(PaperProblem, match="month: choose a published month"):
        build(world, sw.draft)
    with pytest.raises(PaperProblem, match="month:"):
        build(world, sw.other, private=True)
    private = build(world, sw.draft, private=True)
    texts = [render.paper_html(p) for p in (private, build(world, sw.published))]
    assert DRAFT_MARKER in texts[0]  # the check below could fail
    for text in texts:
        assert SPENDING_CANARY not in text and OTHER_BODY_MARKER not in text


def test_the_paper_takes_the_same_queries_at_ten_times_the_lines(world):
    from openpcc.spending import services as s
    from tests.factories import actor, spending_csv

    small = spending_make(world.body, world.other, lines=1).published
    large = s.spending_file_import_now(
        body=world.body, month=date(2020, 7, 1), name="july.csv", data=spending_csv(date(2020, 7, 1), 10), user=actor()
    )
    large = s.spending_file_publish(file=large, expected_version=large.version, user=actor())
    build(world, small)  # the user's roles are read once, then kept
    counts = []
    for file in (small, large):
        with CaptureQueriesContext(connection) as ctx:
            build(world, file)
        counts.append(len(ctx))
    assert counts[0] == counts[1]
