"""The "We said / We did" board paper of a plan chapter: its numbered sections, the chapters
offered, a draft plan's chapter only for a private meeting, and a fixed number of queries."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from openpcc.boardpapers import render
from openpcc.boardpapers.selectors import PaperProblem, paper_build
from openpcc.boardpapers.tests.papers_world import chapter_make
from openpcc.core.board_paper import Paragraph
from openpcc.core.registry import board_paper
from tests.factories import DRAFT_MARKER, OTHER_BODY_MARKER

pytestmark = pytest.mark.django_db

FRAME = {"date": date(2020, 7, 1), "classification": "OFFICIAL"}


def build(world, chapter, *, private: bool = False):
    return paper_build(
        body=world.body,
        user=world.editor,
        key="we-said-we-did",
        values={"chapter": str(chapter.pk)},
        frame=FRAME,
        private=private,
    )


def test_each_objective_is_a_numbered_section_of_we_said_and_we_did(world):
    chapter = chapter_make(world.plan)
    paper = build(world, chapter)
    c = paper.content
    assert c.title == "Police and Crime Plan 2017-20, Emergency chapter: we said, we did"
    assert [s.title for s in c.sections] == [
        "Overview",
        "Objective 1: Objective title 1",
        "Objective 2: Objective title 2",
    ]
    overview = " ".join(p.text for p in c.sections[0].blocks)
    assert "Why the chapter was added" in overview
    assert "adopted on 1 April 2020 has 2 objectives with 4 commitments; what was done is reported for 2" in overview
    assert [p.text for p in c.sections[1].blocks] == [
        "We said: Keep service 1 running",
        "We did (reported 30 June 2020): Service 1 kept running",
        "We said: Review service 1",
        "We did: Not yet reported.",
    ]
    # numbered as the seeds number them: Purpose 1, Recommendations 2, Overview 3, the objectives 4 and 5
    numbered = [(n, title) for n, title, _blocks in paper.numbered_sections()]
    assert numbered[2:5] == [
        (3, "Overview"),
        (4, "Objective 1: Objective title 1"),
        (5, "Objective 2: Objective title 2"),
    ]
    assert "4.2" in render.paper_html(paper) and all(isinstance(b, Paragraph) for b in c.sections[1].blocks)


def test_a_draft_plans_chapter_only_for_a_private_meeting_and_never_another_bodys(world):
    mine = chapter_make(world.plan)
    draft = chapter_make(world.draft_plan, text=DRAFT_MARKER)
    other = chapter_make(world.other_plan, text=OTHER_BODY_MARKER)
    kind = board_paper("we-said-we-did")
    offered = dict(kind.params[0].choices(body=world.body, private=False))
    assert list(offered) == [str(mine.pk)]
    assert str(draft.pk) in dict(kind.params[0].choices(body=world.body, private=True))
    with pytest.raises(PaperProblem, match="chapter: choose a chapter of this body's published plan"):
        build(world, draft)
    assert DRAFT_MARKER in render.paper_html(build(world, draft, private=True))
    for bad in (other, type("Bad", (), {"pk": "x"})()):
        with pytest.raises(PaperProblem, match="chapter:"):
            build(world, bad, private=True)


def test_the_paper_takes_the_same_queries_at_ten_times_the_objectives(world):
    small, large = (
        chapter_make(world.plan, title="Small", objectives=1),
        chapter_make(world.plan, title="Large", objectives=10),
    )
    build(world, small)  # the user's roles are read once, then kept
    counts = []
    for chapter in (small, large):
        with CaptureQueriesContext(connection) as ctx:
            build(world, chapter)
        counts.append(len(ctx))
    assert counts[0] == counts[1]
