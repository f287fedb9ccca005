"""The test world with everything the later paper kinds read: plan chapters with "We said / We
did" pairs (one of a draft plan, one of another body's), funds, grants and services, and spending
months, each with its draft, exempt and other-body records marked (tests.factories markers)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from openpcc.plans import services as plans
from tests.factories import (
    DRAFT_MARKER,
    OTHER_BODY_MARKER,
    FundingWorld,
    SpendingWorld,
    actor,
    funding_make,
    spending_make,
)


def chapter_make(plan, *, title: str = "Emergency chapter", objectives: int = 2, text: str = ""):
    """A chapter of ``plan`` with ``objectives`` objectives, each with two commitments: one
    reported as done, one not yet."""
    chapter = plans.chapter_create(
        plan=plan,
        title=title,
        kind="emergency",
        adopted_date=date(2020, 4, 1),
        summary=f"Why the chapter was added {text}".strip(),
        user=actor(),
    )
    for n in range(1, objectives + 1):
        objective = plans.objective_create(
            chapter=chapter, number=str(n), title=f"Objective title {n} {text}".strip(), user=actor()
        )
        plans.commitment_add(
            objective=objective,
            we_said=f"Keep service {n} running {text}".strip(),
            we_did=f"Service {n} kept running {text}".strip(),
            reported_date=date(2020, 6, 30),
            user=actor(),
        )
        plans.commitment_add(objective=objective, we_said=f"Review service {n} {text}".strip(), user=actor())
    return chapter


@dataclass
class PapersWorld:
    chapter: object
    draft_chapter: object  # of the draft plan: DRAFT_MARKER
    other_chapter: object  # another body's: OTHER_BODY_MARKER
    funding: FundingWorld
    spending: SpendingWorld


def papers_world(world) -> PapersWorld:
    return PapersWorld(
        chapter=chapter_make(world.plan),
        draft_chapter=chapter_make(world.draft_plan, text=DRAFT_MARKER),
        other_chapter=chapter_make(world.other_plan, text=OTHER_BODY_MARKER),
        funding=funding_make(world.body, world.other, world.plan),
        spending=spending_make(world.body, world.other),
    )
