"""Builders for test data, written through the services like the demo loader."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone

from openpcc.bodies import services as bodies
from openpcc.core.models import Body, Role, User
from openpcc.plans import services as plans
from openpcc.plans.models import Plan, ReportingRound

PASSWORD = "test-password-123"
DRAFT_MARKER = "DRAFT-ONLY-TEXT-7Q"
OTHER_BODY_MARKER = "OTHER-BODY-TEXT-3Z"


def user_make(username: str, *grants: tuple[Body, str]) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, first_name=username.title())
    for body, role in grants:
        bodies.body_role_grant(user=user, body=body, role=role)
    return user


def body_make(slug: str, kind: str = Body.Kind.PCC) -> Body:
    return bodies.body_create(slug=slug, name=f"{slug.replace('-', ' ').title()} Office", kind=kind)


def plan_make(
    body: Body, *, priorities: int = 5, activities: int = 1, title: str = "Police and Crime Plan 2017-20"
) -> Plan:
    """A published plan with two themes, ``priorities`` priorities and leads."""
    plan = plans.plan_create(
        body=body,
        title=title,
        period_start=date(2017, 4, 1),
        period_end=date(2020, 3, 31),
        panel_endorsed_date=date(2017, 2, 1),
    )
    themes = [
        plans.theme_create(plan=plan, code="V", name="Victims", aim="Support victims."),
        plans.theme_create(plan=plan, code="O", name="Offenders", aim="Reduce reoffending."),
    ]
    lead = bodies.person_create(body=body, name=f"Lead Officer {body.pk}", initials=f"L{body.pk}")
    orgs = [
        bodies.organisation_create(body=body, name=f"Constabulary {body.pk}"),
        bodies.organisation_create(body=body, name=f"Delivery Group {body.pk}"),
    ]
    for i in range(priorities):
        theme = themes[i % 2]
        priority = plans.priority_create(
            plan=plan,
            theme=theme,
            code=f"{theme.code}{i + 1}",
            text=f"Priority number {i + 1} for {theme.name}",
            opcc_lead=lead,
            delivery_leads=orgs[: 1 + i % 2],
        )
        for a in range(activities):
            plans.activity_create(priority=priority, code=f"{priority.code}.{a + 1}", key_delivery=f"Work {a + 1}")
    plans.plan_publish(plan=plan, when=timezone.now() - timedelta(days=400))
    return plan


def round_make(
    plan: Plan,
    name: str,
    start: date,
    *,
    status: str = "green",
    narrative: str = "On track.",
    publish: bool = False,
    publish_at: datetime | None = None,
) -> ReportingRound:
    rnd = plans.round_open(plan=plan, name=name, period_start=start, period_end=start + timedelta(days=89))
    for activity_ in _activities(plan):
        plans.update_record(round=rnd, activity=activity_, user=None, status=status, narrative=narrative)
    if publish:
        plans.round_publish(round=rnd, user=None, when=publish_at or timezone.now() - timedelta(days=1))
        rnd.refresh_from_db()
    return rnd


def _activities(plan: Plan):
    from openpcc.plans.models import Activity

    return Activity.objects.filter(priority__plan=plan).order_by("priority__order", "order")


@dataclass
class World:
    """Two bodies: ``body`` with a published plan, a published round, an open round
    holding draft text, and a draft plan; ``other`` with its own plan and staff."""

    body: Body
    other: Body
    plan: Plan
    draft_plan: Plan
    published_round: ReportingRound
    open_round: ReportingRound
    other_plan: Plan
    other_round: ReportingRound
    editor: User
    approver: User
    other_editor: User
    panel_member: User


def world_make() -> World:
    body = body_make("test-pcc")
    other = body_make("other-pcc")
    editor = user_make("editor", (body, Role.EDITOR))
    approver = user_make("approver", (body, Role.APPROVER))
    other_editor = user_make("other-editor", (other, Role.EDITOR), (other, Role.APPROVER))
    panel_member = user_make("panel-member", (body, Role.PANEL_MEMBER))
    plan = plan_make(body)
    published = round_make(plan, "2017/18 Q1", date(2017, 4, 1), narrative="Published narrative.", publish=True)
    open_round = round_make(plan, "2017/18 Q2", date(2017, 7, 1), status="amber", narrative=DRAFT_MARKER)
    draft_plan = plans.plan_create(
        body=body,
        title=f"Draft plan {DRAFT_MARKER}",
        slug="draft-plan",
        period_start=date(2021, 4, 1),
        period_end=date(2024, 3, 31),
    )
    other_plan = plan_make(other, title="Other body plan")
    other_round = round_make(other_plan, "2017/18 Q1", date(2017, 4, 1), narrative=OTHER_BODY_MARKER)
    return World(
        body=body,
        other=other,
        plan=plan,
        draft_plan=draft_plan,
        published_round=published,
        open_round=open_round,
        other_plan=other_plan,
        other_round=other_round,
        editor=editor,
        approver=approver,
        other_editor=other_editor,
        panel_member=panel_member,
    )
